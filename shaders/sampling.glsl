// Device-side sampling parameters (a small buffer the host rewrites before each step) and the
// candidate list shared by the sampling kernels (shaders/sample_*.comp).
#ifndef GLM_SAMPLING_GLSL
#define GLM_SAMPLING_GLSL

struct SamplingParams {
    float inv_temperature;
    uint top_k;       // 0: off
    float top_p;      // 1: off
    float penalty;    // repetition penalty, 1: off
    float random;     // the uniform random number for this step, in [0, 1)
    uint vocab;
    uint history_bits; // 1: set the sampled id's bit in the seen-token bitmap
    uint pad;
};

// Tokens whose logit, divided by the temperature, lies more than this below the best one have
// less than e^-30 of its probability: they are never sampled (also not by the host sampler).
const float CANDIDATE_CUTOFF = -30.0;
const uint NEED_HOST = 0xfffffffeu; // too many candidates: the host samples from the logits

#endif
