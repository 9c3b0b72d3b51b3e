// Shared by the kernel interface headers, which both the GLSL and the C++ include: a push-constant
// block is a `layout(push_constant) uniform` block named `pc` in GLSL and a plain struct in
// namespace glm::shader in C++, declared once:
//   GLM_PUSH_CONSTANTS(NamePush) { uint member; ... }
//   GLM_PUSH_CONSTANTS_END(pc)
// (the second line ends the GLSL block as `pc;`, the C++ struct with `;`).
#ifndef GLM_INTERFACE_COMMON_H
#define GLM_INTERFACE_COMMON_H
#ifdef __cplusplus
#include <cstdint>
namespace glm::shader {
using uint = std::uint32_t;
static_assert(sizeof(float) == 4);
} // namespace glm::shader
#define GLM_PUSH_CONSTANTS(Type) struct Type
#define GLM_PUSH_CONSTANTS_END(instance) ;
#else
#define GLM_PUSH_CONSTANTS(Type) layout(push_constant) uniform Type
#define GLM_PUSH_CONSTANTS_END(instance) instance;
#endif
#endif
