// cpu_peak_x86.h's loop for this instruction set (flags in inference/CMakeLists.txt).
#define GLM_PEAK_NAME peak_loop_avxvnni
#define GLM_PEAK_512 0
#define GLM_PEAK_VNNI 1
#include "cpu_peak_x86.h"
