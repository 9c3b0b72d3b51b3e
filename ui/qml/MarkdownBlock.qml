// A run of Markdown in a reply (headings, lists, tables, emphasis, inline code, links), drawn by
// Qt's Markdown renderer, tables drawn in the theme (MarkdownTableStyle). Selectable; links
// open in the browser.
import QtQuick
import GlmChat

TextEdit {
    id: root

    readOnly: true
    selectByMouse: true
    textFormat: TextEdit.MarkdownText
    wrapMode: TextEdit.Wrap
    color: Theme.text
    selectionColor: Theme.accent
    selectedTextColor: Theme.accentText
    font.pixelSize: Theme.fontSize
    onLinkActivated: link => Qt.openUrlExternally(link)

    MarkdownTableStyle {
        document: root.textDocument
        lineColor: Theme.border
    }

    HoverHandler {
        cursorShape: root.hoveredLink.length > 0 ? Qt.PointingHandCursor : Qt.IBeamCursor
    }
}
