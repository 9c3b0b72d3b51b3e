#include "viewmodels/device_list_model.h"

#include <QLocale>

DeviceListModel::DeviceListModel(QObject* parent) : QAbstractListModel(parent) {}

int DeviceListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(devices_.size()) + 1;
}

QVariant DeviceListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (index.row() == 0) {
        QString best;
        for (const auto& d : devices_)
            if (d.preferred) best = d.name;
        switch (role) {
        case SelectorRole:
            return QString();
        case Qt::DisplayRole:
        case NameRole:
            return tr("Automatic");
        case DetailRole:
            return best.isEmpty() ? tr("The best device found at start")
                                  : tr("The best device found at start (now: %1)").arg(best);
        case UsableRole:
            return true;
        case ReasonRole:
            return QString();
        case PreferredRole:
            return false;
        default:
            return {};
        }
    }
    const glm::app::DeviceSummary& d = devices_.at(index.row() - 1);
    switch (role) {
    case SelectorRole:
        return d.name;
    case Qt::DisplayRole:
    case NameRole:
        return d.name;
    case DetailRole: {
        QStringList parts{d.type};
        if (d.memoryBytes > 0)
            parts << QLocale().formattedDataSize(qint64(d.memoryBytes), 1,
                                                 QLocale::DataSizeSIFormat);
        if (!d.vendor.isEmpty()) parts << d.vendor;
        return parts.join(QStringLiteral(" · "));
    }
    case UsableRole:
        return d.usable;
    case ReasonRole:
        return d.unusableReason;
    case PreferredRole:
        return d.preferred;
    default:
        return {};
    }
}

QHash<int, QByteArray> DeviceListModel::roleNames() const {
    return {{SelectorRole, "selector"}, {NameRole, "name"},     {DetailRole, "detail"},
            {UsableRole, "usable"},     {ReasonRole, "reason"}, {PreferredRole, "preferred"}};
}

void DeviceListModel::setDevices(const QList<glm::app::DeviceSummary>& devices) {
    beginResetModel();
    devices_ = devices;
    endResetModel();
    emit countChanged();
    emit cpuThreadsChanged();
    setProblem(QString());
}

void DeviceListModel::setProblem(const QString& problem) {
    if (problem == problem_) return;
    problem_ = problem;
    emit problemChanged();
}

int DeviceListModel::automaticCpuThreads() const {
    for (const auto& d : devices_)
        if (d.automaticThreads > 0) return d.automaticThreads;
    return 0;
}

int DeviceListModel::cpuThreads() const {
    for (const auto& d : devices_)
        if (d.threads > 0) return d.threads;
    return 0;
}

int DeviceListModel::rowOfSelector(const QString& selector) const {
    if (selector.isEmpty()) return 0;
    for (qsizetype i = 0; i < devices_.size(); ++i)
        if (devices_[i].name == selector) return int(i) + 1;
    return 0;
}

QString DeviceListModel::selectorAt(int row) const {
    if (row <= 0 || row > devices_.size()) return {};
    return devices_.at(row - 1).name;
}
