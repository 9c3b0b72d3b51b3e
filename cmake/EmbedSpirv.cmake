# cmake -DNAME=n -DINPUT=x.spv -DOUTPUT=x.spv.cpp -P EmbedSpirv.cmake
# SPIR-V is a stream of little-endian 32-bit words; emit it as uint32_t so the driver gets
# aligned code.
file(READ ${INPUT} hex HEX)
string(LENGTH "${hex}" n)
math(EXPR words "${n} / 8")
string(REGEX REPLACE "(..)(..)(..)(..)" "0x\\4\\3\\2\\1," body "${hex}")
string(REGEX REPLACE "((0x........,){12})" "\\1\n" body "${body}")
file(WRITE ${OUTPUT} "// Generated from ${NAME}.spv. Do not edit.
#include \"vulkan/embedded_shaders.h\"
namespace glm::vk {
static const uint32_t words_${NAME}[] = {
${body}
};
extern const EmbeddedShader shader_${NAME};
const EmbeddedShader shader_${NAME}{\"${NAME}\", words_${NAME}, ${words}};
} // namespace glm::vk
")
