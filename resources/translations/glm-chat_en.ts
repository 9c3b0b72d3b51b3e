<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About GLM Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy diagnostics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GLM Chat %1 (Qt %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat with GLM language models on your own graphics card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For a bug report, “Copy diagnostics” copies the versions, the graphics devices, the loaded model and the last log lines as text; paste it into the report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AppearanceSettingsPage</name>
    <message>
        <source>Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BranchSwitcher</name>
    <message>
        <source>Previous version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next version</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ByteFormat</name>
    <message numerus="yes">
        <source>%n s left</source>
        <translation>
            <numerusform>%n s left</numerusform>
            <numerusform>%n s left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min left</source>
        <translation>
            <numerusform>%n min left</numerusform>
            <numerusform>%n min left</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 h %2 min left</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CatalogDelegate</name>
    <message>
        <source>Fits your GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs more video memory than your GPU has</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU memory unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download %1 · model file %2 · video memory %3 · RAM %4 · disk space needed %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Licence: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the files already downloaded…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Converting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partly downloaded earlier: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · connection problem (%2), trying again…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Installed: ready to chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloaded. Convert to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Convert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 file, %2 video memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The converter is not available in this version yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fits in this computer&apos;s memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs more memory than this computer has</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CatalogListModel</name>
    <message>
        <source>%1 billion parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <source>Load a model before sending a message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GLM Chat was closed while this reply was being written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The reply reached the length limit of %n new token(s) (Settings).</source>
        <translation>
            <numerusform>The reply reached the length limit of %n new token (Settings).</numerusform>
            <numerusform>The reply reached the length limit of %n new tokens (Settings).</numerusform>
        </translation>
    </message>
    <message>
        <source>The context is full, so the reply was cut off. Start a new chat or set a longer context length in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n older round(s) of this chat no longer fit the model&apos;s context and were left out of what it sees.</source>
        <translation>
            <numerusform>%n older round of this chat no longer fits the model&apos;s context and was left out of what it sees.</numerusform>
            <numerusform>%n older rounds of this chat no longer fit the model&apos;s context and were left out of what it sees.</numerusform>
        </translation>
    </message>
    <message>
        <source>This reply was cut off before its end.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatStatusBar</name>
    <message>
        <source>Generating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 tokens/s · first token after %2 ms · %n token(s)</source>
        <translation>
            <numerusform>%1 tokens/s · first token after %2 ms · %n token</numerusform>
            <numerusform>%1 tokens/s · first token after %2 ms · %n tokens</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CodeBlock</name>
    <message>
        <source>code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Message the model… (Enter to send, Shift+Enter for a new line)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationDelegate</name>
    <message>
        <source>New conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pin to top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationExport</name>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assistant (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>*The reply was interrupted here.*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>*The reply failed.*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>*The reply failed: %1*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>*The reply was still being written.*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untitled conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>- Model: %1
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>- Created: %1
- Last activity: %2
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>*Thought for %1 s:*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>*Thinking (unfinished):*</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationImport</name>
    <message>
        <source>it has no &quot;messages&quot; list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a message has a missing or repeated &quot;id&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>message %1 names a parent that does not come before it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>message %1 has an unknown role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>message %1 has no text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file is larger than 1 GiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file is not valid JSON (%1 at byte %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file is not a GLM Chat conversation export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file has no valid format version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file was written by a newer GLM Chat (format version %1; this version reads up to %2). Update GLM Chat to import it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file has no &quot;conversations&quot; list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation %1 was skipped: %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationListModel</name>
    <message>
        <source>Saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Imported %n conversation(s).</source>
        <translation>
            <numerusform>Imported %n conversation.</numerusform>
            <numerusform>Imported %n conversations.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n were already here and were skipped.</source>
        <translation>
            <numerusform>%n was already here and was skipped.</numerusform>
            <numerusform>%n were already here and were skipped.</numerusform>
        </translation>
    </message>
    <message>
        <source>chat</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationSections</name>
    <message>
        <source>Pinned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MMMM yyyy</source>
        <comment>month section heading</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationSidebar</name>
    <message>
        <source>New chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No conversations yet. Your chats will be listed here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationStore</name>
    <message>
        <source>The chat history is in use by another program (perhaps another GLM Chat window). Close it and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The disk is full, so chats cannot be saved right now. Free some space; GLM Chat keeps trying.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chat history cannot be written (the file or its folder is read-only). Check its permissions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chat history file is damaged. Restart GLM Chat to recover what can be recovered; the damaged file is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chat history file cannot be opened. Check that its folder exists and is accessible.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chat history was written by a newer version of GLM Chat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That conversation or message no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data is not valid: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading or writing the chat history failed (%1). Check the disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chat history reported an error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chats of this session will not be kept after GLM Chat quits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your chat history (%1) is in use by another program, perhaps another GLM Chat window. It was left untouched; close the other program and restart GLM Chat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GLM Chat cannot write your chat history %1 (%2). Check the permissions of the file and its folder, or free disk space, and restart GLM Chat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your chat history file %1 is damaged (%2) and could not be moved aside.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your chat history file was damaged; it was kept as %1, but a new one could not be created (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your chat history file was damaged. It was kept as %1, and %2 conversation(s) were recovered from it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your chat history file was damaged and nothing could be recovered from it. It was kept as %1; GLM Chat starts with an empty history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your chat history %1 was saved by a newer version of GLM Chat (format %2; this version reads up to %3). It was left untouched for that version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This version keeps its chats separately in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your chat history %1 could not be opened: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No folder was given for the chat history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GLM Chat cannot create the folder %1 for your chat history. Check that it is writable.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversionBar</name>
    <message>
        <source>Import folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Convert a Hugging Face checkpoint folder (config.json and weights) to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The converted model is ready. The downloaded checkpoint (%1) is no longer needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete checkpoint…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a Hugging Face checkpoint folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the checkpoint?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the downloaded checkpoint (%1)? The converted model stays; downloading the checkpoint again takes as long as the first time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Convert anyway</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversionController</name>
    <message>
        <source>Converted into %1 (%2) in %3 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversion failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversion was cancelled; nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The downloaded checkpoint was deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot convert.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown output type %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another model is being converted; wait until it finishes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists in the models folder; delete it first to convert again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Converting %1 to %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This folder cannot be converted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It cannot chat: it has no tokenizer, because %1 was missing. Put %1 into %2 and import the folder again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no tokenizer file (%2). Without it the converted model cannot chat. Put %2 from the model&apos;s original download into %1, then import again — or convert anyway.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for your choice: the tokenizer file is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not converted; nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1% · %2 of %3 read</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DataDirectory</name>
    <message>
        <source>The data folder %1 is a file, not a folder. Choose another folder with --data-dir.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create or write the data folder %1. Check its permissions, or choose another folder with --data-dir.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeviceListModel</name>
    <message>
        <source>Automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The best device found at start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The best device found at start (now: %1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Devices</name>
    <message>
        <source>discrete GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>integrated GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>virtual GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU backend, %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU through a Vulkan software driver (slower than the CPU backend)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — chosen because no usable GPU was found</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DownloadSourceModel</name>
    <message>
        <source>The download source cannot be used (%1); downloading from %2 instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: an access token has no spaces or line breaks.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DownloadSourcePane</name>
    <message>
        <source>Models are downloaded from %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://huggingface.co (or a mirror, e.g. https://hf-mirror.com)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A token is saved; type a new one to replace it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: only for gated models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token is sent only to this endpoint, over https, and is stored in settings.ini in the data folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the default</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DownloadTask</name>
    <message>
        <source>Cannot create the folder %1. Choose a models folder you can write to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists but its size (%2 bytes) is not the expected %3 bytes. Delete it and retry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2. Choose a models folder you can write to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2. Is the disk full? Free some space and retry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused access to %1 (HTTP %2). The model may require you to accept its licence on its page and to set an access token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was not found on the server (HTTP 404). The catalogue or the mirror may be out of date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secure connection for %1 failed: %2. GLM Chat only downloads over verified connections; check the system clock, a proxy, or the mirror setting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server redirected %1 to an insecure address; GLM Chat does not follow it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many redirects while downloading %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server says %1 has %2 bytes, but the catalogue says %3. The download was stopped and its partial file deleted; the catalogue or the mirror is out of date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent more data for %1 than the catalogue says the file has (%2 bytes). The partial file was deleted; the catalogue or the mirror is out of date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has %2 bytes instead of %3. The partial file was deleted; retry to download it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is damaged: its SHA-256 is %2 but the catalogue expects %3. The partial file was deleted; retry to download it again. If this repeats, the mirror serves a different file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server says %1 has the SHA-256 %2, but the catalogue expects %3. Nothing was downloaded; the catalogue or the mirror is out of date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading %1 failed %2 times in a row: %3. Check the network and retry.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EngineAdvice</name>
    <message>
        <source>The model could not be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply could not be finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No graphics device can be used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is not enough video memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a smaller quantization of the model (for example Q4_0), set a shorter context length in Settings, or close other programs that use the GPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The graphics device stopped responding or was removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load the model again. If it keeps happening, update the graphics driver or pick another device in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No graphics device with Vulkan support was found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Install or update the graphics driver with Vulkan support (on Linux: mesa-vulkan-drivers, or your GPU vendor&apos;s driver), then start GLM Chat again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is not a usable GLM model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a GGUF file of ChatGLM-6B, ChatGLM2-6B, ChatGLM3-6B or GLM-4-9B. If it was downloaded, download it again; a checkpoint can be converted with the model manager or glm-cli convert.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the file still exists, that you may read it, and that the disk is connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message is too long for the model&apos;s context.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shorten the message, start a new chat, or set a longer context length (or fewer new tokens) in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The graphics driver reported an error. Update the driver or pick another device in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please report this problem with the details below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The computer ran out of memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close other programs, or pick a smaller model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model produced invalid numbers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model file may be damaged: download or convert it again. Or the graphics driver may be faulty: update it or pick another device in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No graphics device matches the one chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick another device in Settings, or unset the GLM_DEVICE environment variable. The details below list the devices; glm-cli devices shows them too.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstRunView</name>
    <message>
        <source>Loading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model could not be loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome to GLM Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GLM Chat runs ChatGLM and GLM-4 models on your own graphics card; nothing you write leaves this computer. To start, you need a model: download one, or open a GGUF file you already have.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download a model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open another model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a GGUF file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You can also drop a .gguf file onto this window, or start GLM Chat with the file: glm-chat path/to/model.gguf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GenerationSettingsPage</name>
    <message>
        <source>Load a model to change how it writes. Each model keeps its own settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Higher values give more varied replies, lower values more predictable ones; 0 always picks the most likely word.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the most likely words that together make up this share of the probability are considered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only this many of the most likely words are considered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repetition penalty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Values above 1 make the model less likely to repeat itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest reply (tokens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset to the model&apos;s defaults</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HeaderBar</name>
    <message>
        <source>Loading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 · %3 · %4 in video memory · context %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a GGUF model file (Ctrl+O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download and manage models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export this chat…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import chats…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings (Ctrl+,)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide the chats (Ctrl+B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the chats (Ctrl+B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export and import chats, about GLM Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About GLM Chat…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 · %3 · %4 in memory · context %5</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InfoBanner</name>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InstalledModelDelegate</name>
    <message>
        <source>Downloaded checkpoint, ready to convert · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · not verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>opened from another folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InstalledModelsModel</name>
    <message>
        <source>Could not open %1 in the file manager.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only files on this computer can be imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Removed %n unfinished file(s) left by an interrupted conversion or import (%1): %2</source>
        <translation>
            <numerusform>Removed %n unfinished file left by an interrupted conversion or import (%1): %2</numerusform>
            <numerusform>Removed %n unfinished files left by an interrupted conversion or import (%1): %2</numerusform>
        </translation>
    </message>
    <message>
        <source>This model is loaded. Load another model (or close it) first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened from another folder; GLM Chat deletes only models in its models folder.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LaunchOptionsText</name>
    <message>
        <source>Keep settings, conversations and models in DIR (portable mode; also GLM_CHAT_DATA_DIR).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit after MS milliseconds (tests).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a screenshot of the window to FILE before quitting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send TEXT once the model is loaded, then quit when the reply is complete (tests; also GLM_CHAT_AUTOSEND).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the version and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this help and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat with GLM models on your own GPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A GGUF model file to open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--quit-after needs a number of milliseconds, not “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give at most one model file; got %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--data-dir needs a folder.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LibraryPane</name>
    <message>
        <source>Models folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move instead of copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import .gguf…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No models installed yet. Download one, or import a .gguf file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The files are removed from the disk. Downloading them again takes time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a GGUF model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>GLM Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON, for importing again (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import chats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GLM Chat export (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask anything.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load the model again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageActions</name>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message>
        <source>Assistant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens/s · first token after %2 ms</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageEditor</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelController</name>
    <message>
        <source>GLM Chat closed while loading %1 last time, so it was not loaded again on its own. Open it again if you want to try once more, or pick another device in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last model, %1, is no longer there. Open another model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was not opened: %2 %3 %4 is still loaded.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelManagerDialog</name>
    <message>
        <source>Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sizes for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No GPU selected: whether a model fits is unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU: %1, %2 of video memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download %1 anyway?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs more video memory than your GPU has, so it will probably not load, or run very slowly. The download is %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU backend: %1, %2 of memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs more memory than this computer has, so it will probably not load. The download is %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelSettingsPage</name>
    <message>
        <source>Graphics device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot be used: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model&apos;s own (at most 4096 tokens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How much of the conversation the model sees. Longer contexts need more video memory; the oldest messages are left out when a chat grows beyond it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For example: You are a helpful assistant. Answer briefly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model (ChatGLM-6B or ChatGLM2-6B) has no system prompt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instructions the model reads before every conversation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compact context memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keeps the conversation in 8-bit numbers instead of 16-bit: long contexts fit in about half the video memory, with slightly less precise replies.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new device or context settings apply when the model is loaded again (when you close this window).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Automatic (%n core(s))</source>
        <translation>
            <numerusform>Automatic (%n core)</numerusform>
            <numerusform>Automatic (%n cores)</numerusform>
        </translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many threads the CPU backend computes with; other devices do not use this. Takes effect when a model is loaded next.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Search all chats</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchResultDelegate</name>
    <message>
        <source>New conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title: </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchResultList</name>
    <message>
        <source>No messages match.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StartupProblemWindow</name>
    <message>
        <source>GLM Chat cannot start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use another folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a folder for GLM Chat&apos;s settings, chats and models</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ThinkingBlock</name>
    <message>
        <source>Thought for %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thinking (unfinished)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UndoBar</name>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>glm::app::DownloadManager</name>
    <message>
        <source>The models folder %1 cannot be created. Choose a folder you can write to in the settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The models folder %1 cannot be written (%2). Choose a folder you can write to in the settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be downloaded by GLM Chat yet: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The catalogue has no checksums for some files of %1, so GLM Chat could not tell a damaged download from a good one. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not enough free disk space in %1: the download needs %2 more (and the converted model %3), but only %4 are free. Free some space or choose another models folder.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>glm::app::DownloadTask</name>
    <message>
        <source>Cannot read the partial download %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server sent a different part of the file than asked for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the partial file does not fit the file on the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server answered HTTP %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected answer from the server for %1: HTTP %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the partial file changed on disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the connection closed after %1 of %2 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no data arrived for %1 seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the partial file from before was damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot move %1 into place as %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading %1 failed: %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>glm::app::InferenceWorker</name>
    <message>
        <source>The device “%1” was not found; using %2 instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The device “%1” cannot be used (%2); using %3 instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a model first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a model, then send the message again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model&apos;s attention heads cannot use compact context memory; it uses the standard 16-bit memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The context length set for this model (%1 tokens) could not be used (%2), so the model&apos;s default of %3 tokens is used. Change it in Settings → Model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message is too long for the model&apos;s context: it needs %1 tokens, but only %2 fit (the context holds %3 tokens, and the rest is kept for the reply).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>glm::app::ModelDownload</name>
    <message>
        <source>All files were downloaded, but %1 could not be written: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>glm::app::ModelLibrary</name>
    <message>
        <source>%1 is not in the models folder; GLM Chat only deletes its own models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete %1 completely. Check its permissions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The models folder %1 cannot be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A model named %1 is already installed. Rename the file or delete the installed one first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a model GLM Chat can use: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not enough free disk space in %1 to import this model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2. Is the disk full?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot move the imported model into place as %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>glm::app::QuantizeJob</name>
    <message>
        <source>A conversion is already running.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>GLM Chat is already running with the data folder %1 (process %2), but it does not respond. Close it, or end that process, and start GLM Chat again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
