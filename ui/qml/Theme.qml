// Colours and metrics of the chat views, light and dark. Main.qml sets `dark` from the settings;
// every view reads Theme.<name>. The controls' own palette is derived from the same values.
pragma Singleton
import QtQuick

QtObject {
    property bool dark: false

    readonly property color window: dark ? "#1f2023" : "#f6f7f9"
    readonly property color sidebar: dark ? "#18191c" : "#eceef2"
    readonly property color surface: dark ? "#26282c" : "#ffffff"
    readonly property color text: dark ? "#e6e7ea" : "#1d1f23"
    readonly property color mutedText: dark ? "#9a9ea8" : "#626772"
    readonly property color border: dark ? "#383b41" : "#d9dce2"
    readonly property color accent: dark ? "#6ea8fe" : "#2563eb"
    readonly property color accentText: "#ffffff"
    readonly property color link: dark ? "#8ab8ff" : "#1d4ed8"
    // Selected rows and selected text in controls: soft, so normal text stays readable on it.
    // A row under the pointer (sidebar lists): a shade of the sidebar colour.
    readonly property color hover: dark ? "#25272b" : "#e1e4ea"
    readonly property color selection: dark ? "#2f4a75" : "#d3e2fc"
    readonly property color userBubble: dark ? "#2f3d57" : "#dbe7fd"
    readonly property color codeBackground: dark ? "#15161a" : "#f1f3f6"
    readonly property color codeHeader: dark ? "#22242a" : "#e4e7ec"
    readonly property color errorBackground: dark ? "#4a2326" : "#fde8e8"
    readonly property color errorText: dark ? "#ffb4b4" : "#9b1c1c"
    readonly property color noticeBackground: dark ? "#3d3520" : "#fff4d6"
    readonly property color noticeText: dark ? "#f5dc9a" : "#6b4e00"

    readonly property int spacing: 8
    readonly property int radius: 8
    readonly property int messageMaxWidth: 820
    readonly property int fontSize: 14
}
