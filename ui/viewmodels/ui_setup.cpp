#include "viewmodels/ui_setup.h"

#include "viewmodels/ui_fonts.h"

#include <QQuickStyle>

namespace glm::ui {

void setUpUi() {
    // Fusion draws every control from the palette, which Main.qml sets from the theme, so light
    // and dark look right on every desktop. (QT_QUICK_CONTROLS_STYLE still overrides it.)
    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE"))
        QQuickStyle::setStyle(QStringLiteral("Fusion"));
    UiFonts::installApplicationFont();
}

} // namespace glm::ui
