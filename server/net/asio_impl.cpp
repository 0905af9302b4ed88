// Asio's and Asio.SSL's implementation, compiled once (BOOST_ASIO_SEPARATE_COMPILATION) instead of in
// every translation unit that includes an Asio header: it keeps the 2-core build quick.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
