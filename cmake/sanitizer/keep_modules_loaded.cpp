// Linked only into sanitizer builds (GLM_SANITIZE). The Vulkan loader unloads the driver and the
// validation layer in vkDestroyInstance; anything they leaked then has a stack in an "<unknown
// module>", which no LeakSanitizer suppression can name, so every Vulkan test would fail on the
// driver's leaks. Making dlclose a no-op keeps those modules mapped until exit: their leaks are
// attributed to libvulkan_lvp.so / libVkLayer_khronos_validation.so and suppressed by module
// (tests/support/lsan.supp), while a leak from our own code still has our frames and is reported.
//
// The executable exports this definition (-Wl,--export-dynamic-symbol=dlclose), so the dynamic
// linker binds the loader's dlclose calls to it ahead of libc's.
extern "C" int dlclose(void* /*handle*/) noexcept {
    return 0;
}
