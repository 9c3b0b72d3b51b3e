import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GlmChat

ApplicationWindow {
    id: window
    width: 1100
    height: 760
    visible: true
    title: qsTr("GLM Chat")

    AppInfo { id: appInfo }

    ColumnLayout {
        anchors.centerIn: parent
        spacing: 12
        Label {
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("GLM Chat")
            font.pixelSize: 28
        }
        Label {
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("Version %1").arg(appInfo.version)
            opacity: 0.7
        }
    }
}
