# cmake/deb.cmake - the Debian packages, made by `cpack -G DEB` from a
# build configured for /usr (the deb preset; tools/deb-check builds,
# lints, installs and tests them). Included last by CMakeLists.txt, so
# that it takes every install() rule there is, whoever added it.
#
# Three binary packages, one per install component:
#   irt      (component irt, the default of every rule without COMPONENT)
#            the program, its manual, data, guides, and whatever else is
#            installed without a component (shell completions...);
#   irt-pdf  (component pdf) the PDF renderer module, with Pango and Cairo;
#   irt-pg   (component pg) the PostgreSQL engine module, with libpq.
# irt loads a module only when it needs it (include/irt/module.h), so
# their libraries are no dependency of irt itself: each package's
# Depends come from dpkg-shlibdeps over its own ELF files. irt
# Recommends irt-pdf (a PDF post-mortem is an everyday export) and
# Suggests irt-pg (only a team on a shared server needs it); each module
# Depends on the irt of the same version, whose symbols it calls.

set(IRT_DEB_MAINTAINER "irt maintainers <maintainers@users.noreply.r-seed-e550fa6b.example>"
  CACHE STRING "The Maintainer of the Debian packages (name <address>)")

# Debian's compiler and linker flags (dpkg-buildflags, with every
# hardening feature: fortified functions, stack protector, full RELRO,
# bind now), after the project's own; the deb preset turns this on.
# Set at the end of the top directory, so they reach every target in it.
option(IRT_DEB_BUILDFLAGS "Build with Debian's hardening flags (dpkg-buildflags)" OFF)
if(IRT_DEB_BUILDFLAGS)
  find_program(DPKG_BUILDFLAGS_PROGRAM dpkg-buildflags REQUIRED)
  foreach(_irt_kind CFLAGS CPPFLAGS LDFLAGS)
    execute_process(
      COMMAND ${CMAKE_COMMAND} -E env DEB_BUILD_MAINT_OPTIONS=hardening=+all
              ${DPKG_BUILDFLAGS_PROGRAM} --get ${_irt_kind}
      WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
      OUTPUT_VARIABLE _irt_deb_${_irt_kind} OUTPUT_STRIP_TRAILING_WHITESPACE
      COMMAND_ERROR_IS_FATAL ANY)
  endforeach()
  string(APPEND CMAKE_C_FLAGS " ${_irt_deb_CFLAGS} ${_irt_deb_CPPFLAGS}")
  string(APPEND CMAKE_EXE_LINKER_FLAGS " ${_irt_deb_LDFLAGS}")
  string(APPEND CMAKE_MODULE_LINKER_FLAGS " ${_irt_deb_LDFLAGS}")
endif()

# The package's top changelog entry is its version: a mismatch is a
# release that forgot packaging/deb/changelog.
file(STRINGS ${PROJECT_SOURCE_DIR}/packaging/deb/changelog _irt_deb_top LIMIT_COUNT 1)
if(NOT _irt_deb_top MATCHES "^irt \\(${PROJECT_VERSION}\\) ")
  message(FATAL_ERROR "packaging/deb/changelog: its first entry is not irt ${PROJECT_VERSION} "
    "(${_irt_deb_top}); add one for this version")
endif()

# Every package's /usr/share/doc/PACKAGE: the copyright (DEP-5) and the
# changelog, compressed as Debian policy asks (gzip -9n: no name, no
# time, so the same bytes each build).
add_custom_command(
  OUTPUT ${PROJECT_BINARY_DIR}/deb/changelog.gz
  COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/packaging/deb/changelog
          ${PROJECT_BINARY_DIR}/deb/changelog
  COMMAND ${GZIP_PROGRAM} -9nf ${PROJECT_BINARY_DIR}/deb/changelog
  DEPENDS ${PROJECT_SOURCE_DIR}/packaging/deb/changelog
  COMMENT "Compressing packaging/deb/changelog" VERBATIM)
add_custom_target(irt-deb-changelog ALL DEPENDS ${PROJECT_BINARY_DIR}/deb/changelog.gz)
foreach(_irt_comp irt pdf pg)
  if(_irt_comp STREQUAL "irt")
    set(_irt_pkg irt)
  else()
    set(_irt_pkg irt-${_irt_comp})
  endif()
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/deb/copyright ${PROJECT_BINARY_DIR}/deb/changelog.gz
    DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${_irt_pkg} COMPONENT ${_irt_comp})
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME irt)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${IRT_DEB_MAINTAINER}")
# The files go where the program was built to look for them
# (IRT_MODULEDIR and the rest come from CMAKE_INSTALL_PREFIX).
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_STRIP_FILES ON)
# The parents of the install destinations (usr/, usr/bin/, ...) are
# made with the umask of whoever runs cpack, whatever
# CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS says: run it with umask
# 022 (tools/deb-check does, and fails on any other mode).
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# CPack puts CPACK_PACKAGE_DESCRIPTION_SUMMARY before every component's
# description unless it is CPack's default; each package here has a
# summary line of its own.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${CMAKE_PROJECT_NAME} built using CMake")

set(CPACK_DEBIAN_IRT_PACKAGE_NAME irt)
set(CPACK_DEBIAN_IRT_PACKAGE_RECOMMENDS "irt-pdf (= ${PROJECT_VERSION})")
set(CPACK_DEBIAN_IRT_PACKAGE_SUGGESTS "irt-pg (= ${PROJECT_VERSION})")
set(CPACK_DEBIAN_IRT_DESCRIPTION "incident-response tracker for the terminal
irt records what was reported and walks an incident through detect,
contain, fix, notify and review, with owners, timestamps and notes kept
in SQLite. Every change is an entry on an append-only, hash-chained
timeline that irt verify checks; deadlines follow the team's disclosure
policy, CVSS v3 and v4 vectors are scored, and the record exports as a
post-mortem in Markdown, HTML, JSON or CSV. An ncurses interface and a
scriptable command line share one core.
.
The PDF export is in the package irt-pdf, a PostgreSQL server for a
team in irt-pg.")

set(CPACK_DEBIAN_PDF_PACKAGE_NAME irt-pdf)
set(CPACK_DEBIAN_PDF_PACKAGE_DEPENDS "irt (= ${PROJECT_VERSION})")
set(CPACK_DEBIAN_PDF_DESCRIPTION "incident-response tracker for the terminal - PDF export
The module irt loads to export an incident's post-mortem as PDF
(irt export ID --format pdf), laid out with Pango and drawn with Cairo.")

set(CPACK_DEBIAN_PG_PACKAGE_NAME irt-pg)
set(CPACK_DEBIAN_PG_PACKAGE_DEPENDS "irt (= ${PROJECT_VERSION})")
set(CPACK_DEBIAN_PG_DESCRIPTION "incident-response tracker for the terminal - PostgreSQL engine
The module irt loads to keep its record on a shared PostgreSQL server
(--db postgresql://...) instead of an SQLite file, for a team on several
hosts: the same commands and guarantees, live refresh, and database
roles that let responders append but never rewrite.")

include(CPack)
