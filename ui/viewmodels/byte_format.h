// Sizes and durations as the model manager shows them, in the user's locale.
#pragma once

#include <QString>

QString formatBytes(qint64 bytes);      // "3.5 GB"
QString formatDuration(qint64 seconds); // "4 min left"; empty when unknown (< 0)
