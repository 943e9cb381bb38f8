# install(): header, static + shared libraries, CMake package and pkg-config file.
# Included at the end of the root CMakeLists.txt (same directory scope as the targets).
#
#   cmake --install <build> [--prefix <dir>]
#     include/simdconv/simdconv.h
#     lib/libsimdconv.a, lib/libsimdconv.so.0.2.0 (SONAME libsimdconv.so.0) + links
#     lib/cmake/simdconv/simdconv{Config,ConfigVersion,Targets*}.cmake
#     lib/pkgconfig/simdconv.pc
#
# Package targets (see cmake/simdconvConfig.cmake.in): simdconv::simdconv_shared,
# simdconv::simdconv_static and simdconv::simdconv, which is the SHARED library unless the
# consumer sets SIMDCONV_USE_STATIC_LIBS=ON before find_package(simdconv).
# (In this build tree simdconv::simdconv aliases the static library: the tests link it.)
# Both the CMake package and the .pc file are relocatable: paths are relative to where they lie.

include(CMakePackageConfigHelpers)

# ---- the header's version macros must equal project(VERSION) ----------------------------------
file(STRINGS "${CMAKE_CURRENT_SOURCE_DIR}/include/simdconv/simdconv.h" _sc_version_lines
     REGEX "^#define SIMDCONV_VERSION_(MAJOR|MINOR|PATCH) ")
set(_sc_header_version "")
foreach(_part MAJOR MINOR PATCH)
  set(_sc_v "")
  foreach(_line IN LISTS _sc_version_lines)
    if(_line MATCHES "^#define SIMDCONV_VERSION_${_part} +([0-9]+)")
      set(_sc_v "${CMAKE_MATCH_1}")
    endif()
  endforeach()
  list(APPEND _sc_header_version "${_sc_v}")
endforeach()
string(REPLACE ";" "." _sc_header_version "${_sc_header_version}")
if(NOT _sc_header_version STREQUAL PROJECT_VERSION)
  message(FATAL_ERROR "include/simdconv/simdconv.h says version ${_sc_header_version}, "
                      "project(VERSION) says ${PROJECT_VERSION}: keep them equal")
endif()

# ---- exported names: simdconv::simdconv_static / simdconv::simdconv_shared ---------------------
set_target_properties(simdconv_static PROPERTIES EXPORT_NAME simdconv_static)
set_target_properties(simdconv_shared PROPERTIES EXPORT_NAME simdconv_shared)

set(SIMDCONV_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/simdconv" CACHE STRING
    "Where the CMake package files go (relative to the prefix)")
set(SIMDCONV_INSTALL_PKGCONFIGDIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig" CACHE STRING
    "Where simdconv.pc goes (relative to the prefix)")

install(FILES include/simdconv/simdconv.h DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/simdconv" COMPONENT dev)
install(TARGETS simdconv_static simdconv_shared EXPORT simdconvTargets
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT dev
        LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT runtime NAMELINK_COMPONENT dev
        RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT runtime)
install(EXPORT simdconvTargets NAMESPACE simdconv:: FILE simdconvTargets.cmake
        DESTINATION "${SIMDCONV_INSTALL_CMAKEDIR}" COMPONENT dev)

if(SIMDCONV_HAVE_PTHREADPOOL_RESOLVED)
  set(SIMDCONV_CONFIG_WITH_PTHREADPOOL ON)
  set(SIMDCONV_PC_PTHREADPOOL " -lpthreadpool")
else()
  set(SIMDCONV_CONFIG_WITH_PTHREADPOOL OFF)
  set(SIMDCONV_PC_PTHREADPOOL "")
endif()
configure_package_config_file(cmake/simdconvConfig.cmake.in
  "${CMAKE_CURRENT_BINARY_DIR}/simdconvConfig.cmake"
  INSTALL_DESTINATION "${SIMDCONV_INSTALL_CMAKEDIR}")
# 0.x: only the same minor version is compatible (the ABI may change between 0.x minors).
write_basic_package_version_file("${CMAKE_CURRENT_BINARY_DIR}/simdconvConfigVersion.cmake"
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/simdconvConfig.cmake"
              "${CMAKE_CURRENT_BINARY_DIR}/simdconvConfigVersion.cmake"
        DESTINATION "${SIMDCONV_INSTALL_CMAKEDIR}" COMPONENT dev)
# pthreadpool (Debian: libpthreadpool-dev, no CMake package, no .pc): the static archive's
# consumers link it too, so the find module travels with the package.
if(SIMDCONV_HAVE_PTHREADPOOL_RESOLVED)
  install(FILES cmake/FindPthreadpool.cmake DESTINATION "${SIMDCONV_INSTALL_CMAKEDIR}" COMPONENT dev)
endif()

# ---- pkg-config: prefix relative to the .pc file's own folder (${pcfiledir}) -------------------
foreach(_d SIMDCONV_INSTALL_PKGCONFIGDIR CMAKE_INSTALL_LIBDIR CMAKE_INSTALL_INCLUDEDIR)
  if(IS_ABSOLUTE "${${_d}}")
    set(_sc_pc_absolute ON)
  endif()
endforeach()
if(_sc_pc_absolute)
  set(SIMDCONV_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(SIMDCONV_PC_LIBDIR "${CMAKE_INSTALL_FULL_LIBDIR}")
  set(SIMDCONV_PC_INCLUDEDIR "${CMAKE_INSTALL_FULL_INCLUDEDIR}")
else()
  file(RELATIVE_PATH _sc_up "/_p/${SIMDCONV_INSTALL_PKGCONFIGDIR}" "/_p")
  string(REGEX REPLACE "/$" "" _sc_up "${_sc_up}")
  set(SIMDCONV_PC_PREFIX "\${pcfiledir}/${_sc_up}")
  set(SIMDCONV_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
  set(SIMDCONV_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(cmake/simdconv.pc.in "${CMAKE_CURRENT_BINARY_DIR}/simdconv.pc" @ONLY)
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/simdconv.pc" DESTINATION "${SIMDCONV_INSTALL_PKGCONFIGDIR}"
        COMPONENT dev)
