// Facts about the running program for the About box (version, Qt version), and its
// "Copy diagnostics": the versions, the OS, the Vulkan devices, the loaded model and the last
// log lines, as one text for a bug report (diagnostics_report.h).
#pragma once

#include <QObject>
#include <QString>
#include <qqmlregistration.h>

class ModelController;
namespace glm::app {
class LogRing;
}

class AppInfo : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the app")
    Q_PROPERTY(QString version READ version CONSTANT)
    Q_PROPERTY(QString qtVersion READ qtVersion CONSTANT)
public:
    // model and log may be null (no model part, no log lines); both must outlive this object.
    AppInfo(ModelController* model, const glm::app::LogRing* log, QObject* parent = nullptr);

    QString version() const;
    QString qtVersion() const;

    Q_INVOKABLE QString diagnostics() const;
    // Puts diagnostics() on the clipboard.
    Q_INVOKABLE void copyDiagnostics() const;

private:
    ModelController* model_;
    const glm::app::LogRing* log_;
};
