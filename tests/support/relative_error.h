// How far a computed vector is from the expected one: ||got - want|| / ||want|| (Euclidean
// norms), the measure the engine's numeric tests compare against their tolerances.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <span>

namespace glm::test {

// Infinite when the lengths differ, so a short result can never pass as a close one.
inline double relative_error(std::span<const float> got, std::span<const float> want) {
    if (got.size() != want.size()) return std::numeric_limits<double>::infinity();
    double num = 0, den = 0;
    for (size_t i = 0; i < want.size(); ++i) {
        num += double(got[i] - want[i]) * (got[i] - want[i]);
        den += double(want[i]) * want[i];
    }
    return std::sqrt(num / den);
}

} // namespace glm::test
