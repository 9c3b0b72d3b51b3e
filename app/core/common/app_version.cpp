// Keeps glm_app_core non-empty before its features land; the version is defined in CMake.
namespace glm::app {
const char* app_version() {
    return GLM_APP_VERSION;
}
} // namespace glm::app
