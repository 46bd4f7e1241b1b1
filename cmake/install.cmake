# Installation: both libraries, the headers under include/wr/, the CMake package (wrConfig.cmake,
# its version file and the exported targets wr::static and wr::shared) and the pkg-config
# files wr.pc (shared library) and wr-static.pc (libwr.a).
include(CMakePackageConfigHelpers)

set(WR_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/wr)

install(TARGETS wr_static wr_shared EXPORT wrTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} ${CMAKE_INSTALL_INCLUDEDIR}/wr)
install(EXPORT wrTargets NAMESPACE wr:: DESTINATION ${WR_CMAKE_DIR})

# The wr tool's manual page, with the tool.
if(TARGET wr)
  install(FILES ${PROJECT_SOURCE_DIR}/docs/wr.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

# Under include/wr/ so that our wasm.h cannot be mistaken for another runtime's.
file(GLOB WR_PUBLIC_HEADERS ${PROJECT_SOURCE_DIR}/include/*.h)
install(FILES ${WR_PUBLIC_HEADERS} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/wr)

# The ABI rule of the soname decides which versions a consumer may take instead of another.
if(WR_VERSION_MAJOR EQUAL 0)
  set(wr_compatibility SameMinorVersion)
else()
  set(wr_compatibility SameMajorVersion)
endif()
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/wrConfig.cmake.in
  ${PROJECT_BINARY_DIR}/wrConfig.cmake INSTALL_DESTINATION ${WR_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/wrConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY ${wr_compatibility})
install(FILES ${PROJECT_BINARY_DIR}/wrConfig.cmake ${PROJECT_BINARY_DIR}/wrConfigVersion.cmake
  DESTINATION ${WR_CMAKE_DIR})

# The .pc files are written at install time so that they name the prefix given to
# cmake --install.
install(CODE "
  set(PROJECT_VERSION ${PROJECT_VERSION})
  set(CMAKE_INSTALL_LIBDIR ${CMAKE_INSTALL_LIBDIR})
  set(CMAKE_INSTALL_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR})
  foreach(pc wr wr-static)
    configure_file(${PROJECT_SOURCE_DIR}/cmake/\${pc}.pc.in ${PROJECT_BINARY_DIR}/\${pc}.pc @ONLY)
    file(INSTALL ${PROJECT_BINARY_DIR}/\${pc}.pc
         DESTINATION \${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig)
  endforeach()
")
