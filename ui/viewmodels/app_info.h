// Facts about the running program that views show (version, data directory).
#pragma once

#include <QObject>
#include <QString>
#include <qqmlregistration.h>

class AppInfo : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString version READ version CONSTANT)
public:
    explicit AppInfo(QObject* parent = nullptr) : QObject(parent) {}
    QString version() const;
};
