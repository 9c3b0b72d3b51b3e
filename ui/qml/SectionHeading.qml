// A group heading in the conversation list ("Today", "March 2024"...).
import QtQuick
import QtQuick.Controls

Label {
    required property string section

    objectName: "sectionHeading"
    text: section
    font.pixelSize: 12
    font.bold: true
    opacity: 0.6
    topPadding: 12
    bottomPadding: 4
    leftPadding: 12
}
