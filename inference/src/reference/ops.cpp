#include "reference/ops.h"

#include "glm/architecture.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace glm::ref {

void matmul(const float* W, size_t N, size_t K, const float* x, size_t T, float* y,
            const float* bias) {
    for (size_t t = 0; t < T; ++t)
        for (size_t r = 0; r < N; ++r) {
            double s = bias ? bias[r] : 0.0;
            const float* w = W + r * K;
            const float* xt = x + t * K;
            for (size_t k = 0; k < K; ++k) s += double(w[k]) * xt[k];
            y[t * N + r] = float(s);
        }
}

void layer_norm(const float* x, size_t n, const float* w, const float* b, float eps, float* y) {
    double mean = 0;
    for (size_t i = 0; i < n; ++i) mean += x[i];
    mean /= double(n);
    double var = 0;
    for (size_t i = 0; i < n; ++i) var += (x[i] - mean) * (x[i] - mean);
    var /= double(n);
    const double inv = 1.0 / std::sqrt(var + eps);
    for (size_t i = 0; i < n; ++i) y[i] = float((x[i] - mean) * inv * w[i] + b[i]);
}

void rms_norm(const float* x, size_t n, const float* w, float eps, float* y) {
    double ss = 0;
    for (size_t i = 0; i < n; ++i) ss += double(x[i]) * x[i];
    const double inv = 1.0 / std::sqrt(ss / double(n) + eps);
    for (size_t i = 0; i < n; ++i) y[i] = float(x[i] * inv * w[i]);
}

float gelu(float x) {
    const double v = x;
    return float(0.5 * v * (1.0 + std::tanh(0.7978845608028654 * (v + 0.044715 * v * v * v))));
}

float silu(float x) {
    return float(double(x) / (1.0 + std::exp(-double(x))));
}

void swiglu(const float* up, size_t F, size_t T, float* out) {
    for (size_t t = 0; t < T; ++t)
        for (size_t i = 0; i < F; ++i)
            out[t * F + i] = silu(up[t * 2 * F + i]) * up[t * 2 * F + F + i];
}

void rope_head(const ModelConfig& c, const float* table, size_t table_rows, float* v,
               TokenPosition p) {
    const size_t D = c.head_dim, R = c.rope_dims, pairs = R / 2;
    std::vector<float> in(v, v + D);
    auto cs = [&](uint32_t pos, size_t i, float& co, float& si) {
        const size_t row = std::min<size_t>(pos, table_rows - 1);
        co = table[(row * pairs + i) * 2];
        si = table[(row * pairs + i) * 2 + 1];
    };
    if (c.architecture().rotary == RotaryKind::TwoBlockRotateHalf) {
        for (size_t half = 0; half < 2; ++half) {
            const uint32_t pos = half == 0 ? p.pos : p.block;
            const float* x = in.data() + half * R;
            float* o = v + half * R;
            for (size_t i = 0; i < pairs; ++i) {
                float co, si;
                cs(pos, i, co, si);
                o[i] = x[i] * co - x[i + pairs] * si;
                o[i + pairs] = x[i + pairs] * co + x[i] * si;
            }
        }
    } else {
        for (size_t i = 0; i < pairs; ++i) {
            float co, si;
            cs(p.pos, i, co, si);
            v[2 * i] = in[2 * i] * co - in[2 * i + 1] * si;
            v[2 * i + 1] = in[2 * i + 1] * co + in[2 * i] * si;
        }
    }
}

void attention_head(const float* q, const float* keys, const float* values, size_t n_keys, size_t D,
                    float* out) {
    std::vector<double> s(n_keys);
    double m = -INFINITY;
    for (size_t j = 0; j < n_keys; ++j) {
        double d = 0;
        for (size_t i = 0; i < D; ++i) d += double(q[i]) * keys[j * D + i];
        s[j] = d;
        m = std::max(m, d);
    }
    double sum = 0;
    for (auto& x : s) sum += (x = std::exp(x - m));
    for (size_t i = 0; i < D; ++i) {
        double acc = 0;
        for (size_t j = 0; j < n_keys; ++j) acc += s[j] * values[j * D + i];
        out[i] = float(acc / sum);
    }
}

} // namespace glm::ref
