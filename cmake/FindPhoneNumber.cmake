# Finds Google's libphonenumber (C++).
#
# Looks first in PhoneNumber_ROOT and in <source>/build/third_party/libphonenumber (where
# deploy/install-libphonenumber.sh puts the headers of Debian's libphonenumber-dev, which
# cannot be installed next to libboost1.81-dev), then in the system paths.
#
# Defines PhoneNumber_FOUND and the imported target PhoneNumber::PhoneNumber, which carries
# the include directories of libphonenumber, abseil and protobuf (its public headers
# include both) and links libphonenumber and protobuf.
set(_phonenumber_hints ${PhoneNumber_ROOT} $ENV{PhoneNumber_ROOT}
    ${CMAKE_CURRENT_LIST_DIR}/../build/third_party/libphonenumber)

find_path(PhoneNumber_INCLUDE_DIR phonenumbers/phonenumberutil.h
  HINTS ${_phonenumber_hints} PATH_SUFFIXES include)
find_library(PhoneNumber_LIBRARY NAMES phonenumber
  HINTS ${_phonenumber_hints} PATH_SUFFIXES lib)
find_path(PhoneNumber_ABSL_INCLUDE_DIR absl/container/node_hash_set.h)
find_path(PhoneNumber_PROTOBUF_INCLUDE_DIR google/protobuf/message_lite.h)
find_library(PhoneNumber_PROTOBUF_LIBRARY NAMES protobuf)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(PhoneNumber
  REQUIRED_VARS PhoneNumber_LIBRARY PhoneNumber_INCLUDE_DIR PhoneNumber_ABSL_INCLUDE_DIR
                PhoneNumber_PROTOBUF_INCLUDE_DIR PhoneNumber_PROTOBUF_LIBRARY)

if(PhoneNumber_FOUND AND NOT TARGET PhoneNumber::PhoneNumber)
  add_library(PhoneNumber::PhoneNumber UNKNOWN IMPORTED)
  set_target_properties(PhoneNumber::PhoneNumber PROPERTIES
    IMPORTED_LOCATION "${PhoneNumber_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES
      "${PhoneNumber_INCLUDE_DIR};${PhoneNumber_ABSL_INCLUDE_DIR};${PhoneNumber_PROTOBUF_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${PhoneNumber_PROTOBUF_LIBRARY}")
endif()
mark_as_advanced(PhoneNumber_INCLUDE_DIR PhoneNumber_LIBRARY PhoneNumber_ABSL_INCLUDE_DIR
                 PhoneNumber_PROTOBUF_INCLUDE_DIR PhoneNumber_PROTOBUF_LIBRARY)
