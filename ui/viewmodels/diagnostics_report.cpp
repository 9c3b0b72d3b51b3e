#include "viewmodels/diagnostics_report.h"

#include <QSysInfo>

namespace glm::ui {

DiagnosticsFacts systemFacts() {
    DiagnosticsFacts facts;
    facts.appVersion = QStringLiteral(GLM_APP_VERSION);
    facts.qtVersion = QStringLiteral("%1 (built with %2)")
                          .arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR));
    facts.os = QStringLiteral("%1; kernel %2 %3; %4")
                   .arg(QSysInfo::prettyProductName(), QSysInfo::kernelType(),
                        QSysInfo::kernelVersion(), QSysInfo::currentCpuArchitecture());
    return facts;
}

QString diagnosticsReport(const DiagnosticsFacts& facts) {
    QStringList out;
    out << QStringLiteral("GLM Chat diagnostics");
    out << QStringLiteral("App version: %1").arg(facts.appVersion);
    out << QStringLiteral("Qt version: %1").arg(facts.qtVersion);
    out << QStringLiteral("OS: %1").arg(facts.os);

    out << QStringLiteral("Vulkan devices:");
    if (!facts.deviceProblem.isEmpty())
        out << QStringLiteral("  none usable: %1").arg(facts.deviceProblem);
    else if (facts.devices.isEmpty())
        out << QStringLiteral("  none listed (yet)");
    for (const glm::app::DeviceSummary& d : facts.devices) {
        QString line = QStringLiteral("  %1: %2 (%3, %4, driver %5, %6 MiB)")
                           .arg(d.index)
                           .arg(d.name, d.type, d.vendor, d.driver)
                           .arg(d.memoryBytes / (1024 * 1024));
        if (!d.usable) line += QStringLiteral(", unusable: %1").arg(d.unusableReason);
        if (d.preferred) line += QStringLiteral(", preferred");
        out << line;
    }

    if (facts.modelState == QLatin1String("loaded")) {
        out << QStringLiteral("Model: %1 (%2)").arg(facts.modelName, facts.modelFile);
        out << QStringLiteral("  generation %1, quantization %2, backend %3, context %4 tokens")
                   .arg(facts.generation, facts.quantization, facts.backend)
                   .arg(facts.contextLength);
    } else {
        out << QStringLiteral("Model: %1").arg(facts.modelState);
        if (!facts.modelFile.isEmpty()) out << QStringLiteral("  file %1").arg(facts.modelFile);
    }
    if (!facts.modelProblem.isEmpty())
        out << QStringLiteral("  last failure: %1").arg(facts.modelProblem);

    out << QStringLiteral("Last %1 log lines:").arg(facts.logLines.size());
    for (const QString& line : facts.logLines) out << QStringLiteral("  ") + line;
    return out.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace glm::ui
