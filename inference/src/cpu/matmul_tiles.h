// The tile driver every vector path shares: how a task's rows × tokens are cut into the kernels'
// tiles. Included by a path's file INSIDE its own anonymous namespace (see matmul_paths.h: no copy
// may be shared between ISAs), after <utility> and after the path has defined:
//   kMaxRows, kMaxTokens                  the largest tile any shape uses
//   decode_rows<TT>(), prefill_rows<TT>(), prefill_tokens<TT>()
//   quantized_kernel<TT, R, T>(job, r, t), float_kernel<TT, R, T>(job, r, t)   one R × T tile
// No #pragma once: each path's namespace gets its own copy.

inline uint32_t min_u32(uint32_t a, uint32_t b) {
    return a < b ? a : b;
}

using KernelFn = void (*)(const MatmulJob&, uint32_t r, uint32_t t);

template <TensorType TT, int R, int T> void kernel(const MatmulJob& job, uint32_t r, uint32_t t) {
    if constexpr (TT == TensorType::Q4_0 || TT == TensorType::Q8_0)
        quantized_kernel<TT, R, T>(job, r, t);
    else
        float_kernel<TT, R, T>(job, r, t);
}

// The kernel for nr × nt (1..kMaxRows × 1..kMaxTokens): full tiles and every tail.
template <TensorType TT, size_t... I>
KernelFn pick(std::index_sequence<I...>, uint32_t nr, uint32_t nt) {
    static constexpr KernelFn table[] = {
        &kernel<TT, int(I / kMaxTokens) + 1, int(I % kMaxTokens) + 1>...};
    return table[(nr - 1) * kMaxTokens + (nt - 1)];
}

template <TensorType TT>
void tile(const MatmulJob& job, uint32_t r0, uint32_t r1, uint32_t t0, uint32_t t1) {
    const uint32_t row_step = t1 - t0 == 1 ? decode_rows<TT>() : prefill_rows<TT>();
    constexpr uint32_t token_step = prefill_tokens<TT>();
    static_assert(prefill_rows<TT>() <= kMaxRows && decode_rows<TT>() <= kMaxRows &&
                  token_step <= uint32_t(kMaxTokens));
    // Rows outside, tokens inside: the few weight rows stay in L1 while the tokens pass.
    for (uint32_t r = r0; r < r1; r += row_step) {
        const uint32_t nr = min_u32(row_step, r1 - r);
        for (uint32_t t = t0; t < t1; t += token_step) {
            const uint32_t nt = min_u32(token_step, t1 - t);
            pick<TT>(std::make_index_sequence<kMaxRows * kMaxTokens>(), nr, nt)(job, r, t);
        }
    }
}

// The tiles of rows [r0, r1) × tokens [t0, t1) for the job's weight type.
inline void tile_any(const MatmulJob& job, uint32_t r0, uint32_t r1, uint32_t t0, uint32_t t1) {
    switch (job.W.type) {
    case TensorType::F32:
        return tile<TensorType::F32>(job, r0, r1, t0, t1);
    case TensorType::F16:
        return tile<TensorType::F16>(job, r0, r1, t0, t1);
    case TensorType::BF16:
        return tile<TensorType::BF16>(job, r0, r1, t0, t1);
    case TensorType::Q4_0:
        return tile<TensorType::Q4_0>(job, r0, r1, t0, t1);
    case TensorType::Q8_0:
        return tile<TensorType::Q8_0>(job, r0, r1, t0, t1);
    default:
        return; // matmul() accepts no other type
    }
}
