// A run of Markdown in a reply (headings, lists, tables, emphasis, inline code, links), drawn as
// rich text made by MarkdownHtml: raw HTML shows as written, images show as links and are never
// fetched. Tables drawn in the theme (MarkdownTableStyle). Selectable; links open in the browser.
import QtQuick
import GlmChat

TextEdit {
    id: root

    property string markdown

    readOnly: true
    selectByMouse: true
    textFormat: TextEdit.RichText
    text: MarkdownHtml.toHtml(markdown)
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
