// The Vulkan devices the engine sees, for the device picker: name, kind, memory, and for a
// device the engine cannot run on, the reason in words. The first row is "Automatic" (the best
// device, chosen anew on each start), stored as an empty selector.
#pragma once

#include "inference/inference_types.h"

#include <QAbstractListModel>
#include <qqmlregistration.h>

class DeviceListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the app")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    // Why no device list could be made (no Vulkan at all); empty when the list is fine.
    Q_PROPERTY(QString problem READ problem NOTIFY problemChanged)
    // The CPU backend: how many threads "automatic" comes to (one per physical core), and how
    // many it runs with now; 0 until the engine listed it.
    Q_PROPERTY(int automaticCpuThreads READ automaticCpuThreads NOTIFY cpuThreadsChanged)
    Q_PROPERTY(int cpuThreads READ cpuThreads NOTIFY cpuThreadsChanged)
public:
    enum Roles {
        SelectorRole = Qt::UserRole + 1, // what to store: "" or the device's name
        NameRole,
        DetailRole, // "discrete GPU · 8.0 GB · NVIDIA"
        UsableRole,
        ReasonRole,
        PreferredRole,
    };

    explicit DeviceListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return rowCount(); }
    QString problem() const { return problem_; }
    int automaticCpuThreads() const;
    int cpuThreads() const;
    // The devices as the engine listed them (without the "Automatic" row).
    const QList<glm::app::DeviceSummary>& summaries() const { return devices_; }

    void setDevices(const QList<glm::app::DeviceSummary>& devices);
    void setProblem(const QString& problem);

    // The row of a stored selector (0, "Automatic", when empty or no longer present).
    Q_INVOKABLE int rowOfSelector(const QString& selector) const;
    Q_INVOKABLE QString selectorAt(int row) const;

signals:
    void countChanged();
    void problemChanged();
    void cpuThreadsChanged();

private:
    QList<glm::app::DeviceSummary> devices_;
    QString problem_;
};
