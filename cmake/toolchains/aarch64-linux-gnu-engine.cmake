# Cross builds of the whole engine library for 64-bit ARM Linux with Debian's g++-aarch64-linux-gnu
# (scripts/cross-build-engine-aarch64.sh). The C and C++ libraries are the cross compiler's own
# (/usr/aarch64-linux-gnu, as in aarch64-linux-gnu.cmake, which builds the kernel layer alone); the
# engine's other libraries (sentencepiece, PCRE2, zlib, Vulkan) come from Debian's arm64 packages
# unpacked into the folder GLM_AARCH64_DEPS, not installed (the script says why). Programs the
# build runs (glslangValidator, spirv-val) are the host's.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

set(GLM_AARCH64_DEPS "" CACHE PATH "Debian's arm64 packages of the engine's libraries, unpacked")
set(CMAKE_TRY_COMPILE_PLATFORM_VARIABLES GLM_AARCH64_DEPS)
if(NOT IS_DIRECTORY "${GLM_AARCH64_DEPS}/usr/lib/aarch64-linux-gnu")
    message(FATAL_ERROR "GLM_AARCH64_DEPS (${GLM_AARCH64_DEPS}) holds no unpacked arm64 packages: "
                        "run scripts/cross-build-engine-aarch64.sh, which makes it")
endif()
# Its shared libraries are found at run time through LD_LIBRARY_PATH (usr/lib and lib).
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64 -L /usr/aarch64-linux-gnu)

set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu ${GLM_AARCH64_DEPS})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# pkg-config reads the unpacked .pc files only (their prefix rewritten to GLM_AARCH64_DEPS/usr),
# never the host's.
set(ENV{PKG_CONFIG_LIBDIR} "${GLM_AARCH64_DEPS}/usr/lib/aarch64-linux-gnu/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
