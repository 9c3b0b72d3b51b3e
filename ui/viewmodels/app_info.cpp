#include "viewmodels/app_info.h"

QString AppInfo::version() const {
    return QStringLiteral(GLM_APP_VERSION);
}
