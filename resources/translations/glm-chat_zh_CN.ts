<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About GLM Chat</source>
        <translation>关于 GLM Chat</translation>
    </message>
    <message>
        <source>Copy diagnostics</source>
        <translation>复制诊断信息</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>GLM Chat %1 (Qt %2)</source>
        <translation>GLM Chat %1（Qt %2）</translation>
    </message>
    <message>
        <source>Chat with GLM language models on your own graphics card.</source>
        <translation>在你自己的显卡上与 GLM 语言模型对话。</translation>
    </message>
    <message>
        <source>For a bug report, “Copy diagnostics” copies the versions, the graphics devices, the loaded model and the last log lines as text; paste it into the report.</source>
        <translation>提交错误报告时，“复制诊断信息”会以文本形式复制版本、显卡设备、已加载的模型和最近的日志行；请将其粘贴到报告中。</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>已复制到剪贴板。</translation>
    </message>
</context>
<context>
    <name>AppearanceSettingsPage</name>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
</context>
<context>
    <name>BranchSwitcher</name>
    <message>
        <source>Previous version</source>
        <translation>上一个版本</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>Next version</source>
        <translation>下一个版本</translation>
    </message>
</context>
<context>
    <name>ByteFormat</name>
    <message numerus="yes">
        <source>%n s left</source>
        <translation>
            <numerusform>还剩 %n 秒</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min left</source>
        <translation>
            <numerusform>还剩 %n 分钟</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 h %2 min left</source>
        <translation>还剩 %1 小时 %2 分钟</translation>
    </message>
</context>
<context>
    <name>CatalogDelegate</name>
    <message>
        <source>Fits your GPU</source>
        <translation>适合你的 GPU</translation>
    </message>
    <message>
        <source>Needs more video memory than your GPU has</source>
        <translation>所需显存超过你的 GPU</translation>
    </message>
    <message>
        <source>GPU memory unknown</source>
        <translation>GPU 显存未知</translation>
    </message>
    <message>
        <source>Download %1 · model file %2 · video memory %3 · RAM %4 · disk space needed %5</source>
        <translation>下载 %1 · 模型文件 %2 · 显存 %3 · 内存 %4 · 所需磁盘空间 %5</translation>
    </message>
    <message>
        <source>Licence: %1</source>
        <translation>许可证：%1</translation>
    </message>
    <message>
        <source>Checking the files already downloaded…</source>
        <translation>正在检查已下载的文件…</translation>
    </message>
    <message>
        <source>Converting…</source>
        <translation>正在转换…</translation>
    </message>
    <message>
        <source>Paused: %1</source>
        <translation>已暂停：%1</translation>
    </message>
    <message>
        <source>Partly downloaded earlier: %1</source>
        <translation>之前已下载一部分：%1</translation>
    </message>
    <message>
        <source>%1 · connection problem (%2), trying again…</source>
        <translation>%1 · 连接出现问题（%2），正在重试…</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Installed: ready to chat</source>
        <translation>已安装：可以开始聊天</translation>
    </message>
    <message>
        <source>Downloaded. Convert to</source>
        <translation>已下载。转换为</translation>
    </message>
    <message>
        <source>Convert</source>
        <translation>转换</translation>
    </message>
    <message>
        <source>%1 file, %2 video memory</source>
        <translation>文件 %1，显存 %2</translation>
    </message>
    <message>
        <source>The converter is not available in this version yet.</source>
        <translation>此版本尚未提供转换功能。</translation>
    </message>
    <message>
        <source>Fits in this computer&apos;s memory</source>
        <translation>适合本机内存</translation>
    </message>
    <message>
        <source>Needs more memory than this computer has</source>
        <translation>需要的内存超过本机内存</translation>
    </message>
</context>
<context>
    <name>CatalogListModel</name>
    <message>
        <source>%1 billion parameters</source>
        <translation>%1 亿参数</translation>
    </message>
    <message>
        <source>about %1</source>
        <translation>约 %1</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <source>Load a model before sending a message.</source>
        <translation>请先加载模型，再发送消息。</translation>
    </message>
    <message>
        <source>GLM Chat was closed while this reply was being written.</source>
        <translation>生成此回复时 GLM Chat 被关闭了。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message numerus="yes">
        <source>The reply reached the length limit of %n new token(s) (Settings).</source>
        <translation>
            <numerusform>回复已达到 %n 个新词元的长度上限（见设置）。</numerusform>
        </translation>
    </message>
    <message>
        <source>The context is full, so the reply was cut off. Start a new chat or set a longer context length in Settings.</source>
        <translation>上下文已满，回复被截断。请开始新的对话，或在设置中增大上下文长度。</translation>
    </message>
    <message numerus="yes">
        <source>%n older round(s) of this chat no longer fit the model&apos;s context and were left out of what it sees.</source>
        <translation>
            <numerusform>本对话中较早的 %n 轮已超出模型的上下文，模型看不到这些内容。</numerusform>
        </translation>
    </message>
    <message>
        <source>This reply was cut off before its end.</source>
        <translation>此回复在结束前被中断。</translation>
    </message>
</context>
<context>
    <name>ChatStatusBar</name>
    <message>
        <source>Generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message numerus="yes">
        <source>%1 tokens/s · first token after %2 ms · %n token(s)</source>
        <translation>
            <numerusform>%1 词元/秒 · 首个词元用时 %2 毫秒 · 共 %n 个词元</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CodeBlock</name>
    <message>
        <source>code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Message the model… (Enter to send, Shift+Enter for a new line)</source>
        <translation>给模型发消息…（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
</context>
<context>
    <name>ConversationDelegate</name>
    <message>
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Conversation actions</source>
        <translation>对话操作</translation>
    </message>
    <message>
        <source>Conversation title</source>
        <translation>对话标题</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <source>Pin to top</source>
        <translation>置顶</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>ConversationExport</name>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>Assistant (%1)</source>
        <translation>助手（%1）</translation>
    </message>
    <message>
        <source>*The reply was interrupted here.*</source>
        <translation>*回复在此处被中断。*</translation>
    </message>
    <message>
        <source>*The reply failed.*</source>
        <translation>*回复失败。*</translation>
    </message>
    <message>
        <source>*The reply failed: %1*</source>
        <translation>*回复失败：%1*</translation>
    </message>
    <message>
        <source>*The reply was still being written.*</source>
        <translation>*回复尚未写完。*</translation>
    </message>
    <message>
        <source>Untitled conversation</source>
        <translation>未命名对话</translation>
    </message>
    <message>
        <source>- Model: %1
</source>
        <translation>- 模型：%1
</translation>
    </message>
    <message>
        <source>- Created: %1
- Last activity: %2
</source>
        <translation>- 创建时间：%1
- 最近活动：%2
</translation>
    </message>
    <message>
        <source>*Thought for %1 s:*</source>
        <translation>*思考了 %1 秒：*</translation>
    </message>
    <message>
        <source>*Thinking (unfinished):*</source>
        <translation>*思考（未完成）：*</translation>
    </message>
</context>
<context>
    <name>ConversationImport</name>
    <message>
        <source>it has no &quot;messages&quot; list</source>
        <translation>缺少 &quot;messages&quot; 列表</translation>
    </message>
    <message>
        <source>a message has a missing or repeated &quot;id&quot;</source>
        <translation>某条消息的 &quot;id&quot; 缺失或重复</translation>
    </message>
    <message>
        <source>message %1 names a parent that does not come before it</source>
        <translation>消息 %1 引用的上级消息不在它之前</translation>
    </message>
    <message>
        <source>message %1 has an unknown role</source>
        <translation>消息 %1 的角色未知</translation>
    </message>
    <message>
        <source>message %1 has no text</source>
        <translation>消息 %1 没有文本</translation>
    </message>
    <message>
        <source>the file is larger than 1 GiB</source>
        <translation>文件大于 1 GiB</translation>
    </message>
    <message>
        <source>the file is not valid JSON (%1 at byte %2)</source>
        <translation>文件不是有效的 JSON（第 %2 字节处：%1）</translation>
    </message>
    <message>
        <source>the file is not a GLM Chat conversation export</source>
        <translation>该文件不是 GLM Chat 导出的对话</translation>
    </message>
    <message>
        <source>the file has no valid format version</source>
        <translation>文件没有有效的格式版本</translation>
    </message>
    <message>
        <source>the file was written by a newer GLM Chat (format version %1; this version reads up to %2). Update GLM Chat to import it.</source>
        <translation>该文件由更新版本的 GLM Chat 写入（格式版本 %1；此版本最高支持 %2）。请更新 GLM Chat 后再导入。</translation>
    </message>
    <message>
        <source>the file has no &quot;conversations&quot; list</source>
        <translation>文件缺少 &quot;conversations&quot; 列表</translation>
    </message>
    <message>
        <source>it is not a JSON object</source>
        <translation>它不是 JSON 对象</translation>
    </message>
    <message>
        <source>Conversation %1 was skipped: %2.</source>
        <translation>已跳过对话 %1：%2。</translation>
    </message>
</context>
<context>
    <name>ConversationListModel</name>
    <message>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n conversation(s).</source>
        <translation>
            <numerusform>已导入 %n 个对话。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n were already here and were skipped.</source>
        <translation>
            <numerusform>其中 %n 个已存在，已跳过。</numerusform>
        </translation>
    </message>
    <message>
        <source>chat</source>
        <translation>对话</translation>
    </message>
</context>
<context>
    <name>ConversationSections</name>
    <message>
        <source>Pinned</source>
        <translation>已置顶</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>Previous 7 days</source>
        <translation>过去 7 天</translation>
    </message>
    <message>
        <source>MMMM yyyy</source>
        <comment>month section heading</comment>
        <translation>yyyy年M月</translation>
    </message>
</context>
<context>
    <name>ConversationSidebar</name>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Deleted “%1”</source>
        <translation>已删除“%1”</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>No conversations yet. Your chats will be listed here.</source>
        <translation>还没有对话。你的对话会列在这里。</translation>
    </message>
</context>
<context>
    <name>ConversationStore</name>
    <message>
        <source>The chat history is in use by another program (perhaps another GLM Chat window). Close it and try again.</source>
        <translation>聊天记录正被其他程序使用（可能是另一个 GLM Chat 窗口）。请关闭它后重试。</translation>
    </message>
    <message>
        <source>The disk is full, so chats cannot be saved right now. Free some space; GLM Chat keeps trying.</source>
        <translation>磁盘已满，暂时无法保存对话。请释放一些空间；GLM Chat 会继续尝试。</translation>
    </message>
    <message>
        <source>The chat history cannot be written (the file or its folder is read-only). Check its permissions.</source>
        <translation>无法写入聊天记录（文件或其所在文件夹为只读）。请检查权限。</translation>
    </message>
    <message>
        <source>The chat history file is damaged. Restart GLM Chat to recover what can be recovered; the damaged file is kept.</source>
        <translation>聊天记录文件已损坏。请重启 GLM Chat 以恢复能恢复的内容；损坏的文件会被保留。</translation>
    </message>
    <message>
        <source>The chat history file cannot be opened. Check that its folder exists and is accessible.</source>
        <translation>无法打开聊天记录文件。请检查其所在文件夹是否存在且可以访问。</translation>
    </message>
    <message>
        <source>The chat history was written by a newer version of GLM Chat.</source>
        <translation>聊天记录由更新版本的 GLM Chat 写入。</translation>
    </message>
    <message>
        <source>That conversation or message no longer exists.</source>
        <translation>该对话或消息已不存在。</translation>
    </message>
    <message>
        <source>The data is not valid: %1</source>
        <translation>数据无效：%1</translation>
    </message>
    <message>
        <source>Reading or writing the chat history failed (%1). Check the disk.</source>
        <translation>读写聊天记录失败（%1）。请检查磁盘。</translation>
    </message>
    <message>
        <source>The chat history reported an error: %1</source>
        <translation>聊天记录报告了错误：%1</translation>
    </message>
    <message>
        <source>Chats of this session will not be kept after GLM Chat quits.</source>
        <translation>GLM Chat 退出后，本次会话的对话不会被保留。</translation>
    </message>
    <message>
        <source>Your chat history (%1) is in use by another program, perhaps another GLM Chat window. It was left untouched; close the other program and restart GLM Chat.</source>
        <translation>你的聊天记录（%1）正被其他程序使用，可能是另一个 GLM Chat 窗口。它未被改动；请关闭该程序后重启 GLM Chat。</translation>
    </message>
    <message>
        <source>GLM Chat cannot write your chat history %1 (%2). Check the permissions of the file and its folder, or free disk space, and restart GLM Chat.</source>
        <translation>GLM Chat 无法写入你的聊天记录 %1（%2）。请检查该文件及其文件夹的权限，或释放磁盘空间，然后重启 GLM Chat。</translation>
    </message>
    <message>
        <source>Your chat history file %1 is damaged (%2) and could not be moved aside.</source>
        <translation>你的聊天记录文件 %1 已损坏（%2），且无法移到一旁。</translation>
    </message>
    <message>
        <source>Your chat history file was damaged; it was kept as %1, but a new one could not be created (%2).</source>
        <translation>你的聊天记录文件已损坏；它已保存为 %1，但无法创建新文件（%2）。</translation>
    </message>
    <message>
        <source>Your chat history file was damaged. It was kept as %1, and %2 conversation(s) were recovered from it.</source>
        <translation>你的聊天记录文件已损坏。它已保存为 %1，并从中恢复了 %2 个对话。</translation>
    </message>
    <message>
        <source>Your chat history file was damaged and nothing could be recovered from it. It was kept as %1; GLM Chat starts with an empty history.</source>
        <translation>你的聊天记录文件已损坏，无法从中恢复任何内容。它已保存为 %1；GLM Chat 将以空白记录启动。</translation>
    </message>
    <message>
        <source>Your chat history %1 was saved by a newer version of GLM Chat (format %2; this version reads up to %3). It was left untouched for that version.</source>
        <translation>你的聊天记录 %1 由更新版本的 GLM Chat 保存（格式 %2；此版本最高支持 %3）。它未被改动，留给那个版本使用。</translation>
    </message>
    <message>
        <source>This version keeps its chats separately in %1.</source>
        <translation>此版本将对话单独保存在 %1。</translation>
    </message>
    <message>
        <source>Your chat history %1 could not be opened: %2.</source>
        <translation>无法打开你的聊天记录 %1：%2。</translation>
    </message>
    <message>
        <source>No folder was given for the chat history.</source>
        <translation>没有为聊天记录指定文件夹。</translation>
    </message>
    <message>
        <source>GLM Chat cannot create the folder %1 for your chat history. Check that it is writable.</source>
        <translation>GLM Chat 无法为聊天记录创建文件夹 %1。请检查它是否可写。</translation>
    </message>
</context>
<context>
    <name>ConversionBar</name>
    <message>
        <source>Import folder…</source>
        <translation>导入文件夹…</translation>
    </message>
    <message>
        <source>Convert a Hugging Face checkpoint folder (config.json and weights) to %1</source>
        <translation>将 Hugging Face 检查点文件夹（config.json 和权重）转换为 %1</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The converted model is ready. The downloaded checkpoint (%1) is no longer needed.</source>
        <translation>转换后的模型已就绪。下载的检查点（%1）已不再需要。</translation>
    </message>
    <message>
        <source>Delete checkpoint…</source>
        <translation>删除检查点…</translation>
    </message>
    <message>
        <source>Choose a Hugging Face checkpoint folder</source>
        <translation>选择 Hugging Face 检查点文件夹</translation>
    </message>
    <message>
        <source>Delete the checkpoint?</source>
        <translation>删除检查点？</translation>
    </message>
    <message>
        <source>Delete the downloaded checkpoint (%1)? The converted model stays; downloading the checkpoint again takes as long as the first time.</source>
        <translation>删除下载的检查点（%1）？转换后的模型会保留；重新下载检查点所需的时间与第一次相同。</translation>
    </message>
    <message>
        <source>as</source>
        <translation>转换为</translation>
    </message>
    <message>
        <source>Convert anyway</source>
        <translation>仍然转换</translation>
    </message>
</context>
<context>
    <name>ConversionController</name>
    <message>
        <source>Converted into %1 (%2) in %3 s.</source>
        <translation>已在 %3 秒内转换为 %1（%2）。</translation>
    </message>
    <message>
        <source>The conversion failed.</source>
        <translation>转换失败。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>The conversion was cancelled; nothing was written.</source>
        <translation>转换已取消，未写入任何内容。</translation>
    </message>
    <message>
        <source>The downloaded checkpoint was deleted.</source>
        <translation>下载的检查点已删除。</translation>
    </message>
    <message>
        <source>Cannot convert.</source>
        <translation>无法转换。</translation>
    </message>
    <message>
        <source>Unknown output type %1.</source>
        <translation>未知的输出类型 %1。</translation>
    </message>
    <message>
        <source>Another model is being converted; wait until it finishes.</source>
        <translation>另一个模型正在转换；请等它完成。</translation>
    </message>
    <message>
        <source>%1 already exists in the models folder; delete it first to convert again.</source>
        <translation>模型文件夹中已有 %1；如需重新转换，请先删除它。</translation>
    </message>
    <message>
        <source>Converting %1 to %2…</source>
        <translation>正在将 %1 转换为 %2…</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>This folder cannot be converted.</source>
        <translation>无法转换此文件夹。</translation>
    </message>
    <message>
        <source>It cannot chat: it has no tokenizer, because %1 was missing. Put %1 into %2 and import the folder again.</source>
        <translation>它无法对话：因为缺少 %1，它没有分词器。请把 %1 放入 %2，然后重新导入该文件夹。</translation>
    </message>
    <message>
        <source>%1 has no tokenizer file (%2). Without it the converted model cannot chat. Put %2 from the model&apos;s original download into %1, then import again — or convert anyway.</source>
        <translation>%1 中没有分词器文件（%2）。没有它，转换后的模型无法对话。请把模型原始下载中的 %2 放入 %1，然后重新导入——或者仍然转换。</translation>
    </message>
    <message>
        <source>Waiting for your choice: the tokenizer file is missing.</source>
        <translation>等待你的选择：缺少分词器文件。</translation>
    </message>
    <message>
        <source>Not converted; nothing was written.</source>
        <translation>未转换，没有写入任何文件。</translation>
    </message>
    <message>
        <source>%1% · %2 of %3 read</source>
        <translation>%1% · 已读取 %2 / %3</translation>
    </message>
</context>
<context>
    <name>DataDirectory</name>
    <message>
        <source>The data folder %1 is a file, not a folder. Choose another folder with --data-dir.</source>
        <translation>数据文件夹 %1 是一个文件而不是文件夹。请用 --data-dir 选择其他文件夹。</translation>
    </message>
    <message>
        <source>Cannot create or write the data folder %1. Check its permissions, or choose another folder with --data-dir.</source>
        <translation>无法创建或写入数据文件夹 %1。请检查其权限，或用 --data-dir 选择其他文件夹。</translation>
    </message>
</context>
<context>
    <name>DeviceListModel</name>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>The best device found at start</source>
        <translation>启动时找到的最佳设备</translation>
    </message>
    <message>
        <source>The best device found at start (now: %1)</source>
        <translation>启动时找到的最佳设备（当前：%1）</translation>
    </message>
</context>
<context>
    <name>Devices</name>
    <message>
        <source>discrete GPU</source>
        <translation>独立显卡</translation>
    </message>
    <message>
        <source>integrated GPU</source>
        <translation>集成显卡</translation>
    </message>
    <message>
        <source>virtual GPU</source>
        <translation>虚拟显卡</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>CPU backend, %1</source>
        <translation>CPU 后端，%1</translation>
    </message>
    <message>
        <source>CPU through a Vulkan software driver (slower than the CPU backend)</source>
        <translation>通过 Vulkan 软件驱动使用 CPU（比 CPU 后端慢）</translation>
    </message>
    <message>
        <source> — chosen because no usable GPU was found</source>
        <translation> — 因为未找到可用的 GPU 而选用</translation>
    </message>
</context>
<context>
    <name>DownloadSourceModel</name>
    <message>
        <source>The download source cannot be used (%1); downloading from %2 instead.</source>
        <translation>无法使用该下载源（%1），改为从 %2 下载。</translation>
    </message>
    <message>
        <source>Not saved: %1.</source>
        <translation>未保存：%1。</translation>
    </message>
    <message>
        <source>Not saved: an access token has no spaces or line breaks.</source>
        <translation>未保存：访问令牌不能包含空格或换行。</translation>
    </message>
</context>
<context>
    <name>DownloadSourcePane</name>
    <message>
        <source>Models are downloaded from %1.</source>
        <translation>模型从 %1 下载。</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>下载地址</translation>
    </message>
    <message>
        <source>https://huggingface.co (or a mirror, e.g. https://hf-mirror.com)</source>
        <translation>https://huggingface.co（或镜像，例如 https://hf-mirror.com）</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>访问令牌</translation>
    </message>
    <message>
        <source>A token is saved; type a new one to replace it</source>
        <translation>已保存令牌；输入新的令牌即可替换</translation>
    </message>
    <message>
        <source>Optional: only for gated models</source>
        <translation>可选：仅受限模型需要</translation>
    </message>
    <message>
        <source>Remove token</source>
        <translation>删除令牌</translation>
    </message>
    <message>
        <source>The token is sent only to this endpoint, over https, and is stored in settings.ini in the data folder.</source>
        <translation>令牌只会通过 https 发送到此地址，并保存在数据文件夹的 settings.ini 中。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Use the default</source>
        <translation>使用默认地址</translation>
    </message>
</context>
<context>
    <name>DownloadTask</name>
    <message>
        <source>Cannot create the folder %1. Choose a models folder you can write to.</source>
        <translation>无法创建文件夹 %1。请选择一个可写入的模型文件夹。</translation>
    </message>
    <message>
        <source>%1 already exists but its size (%2 bytes) is not the expected %3 bytes. Delete it and retry.</source>
        <translation>%1 已存在，但其大小（%2 字节）不是预期的 %3 字节。请删除后重试。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2. Choose a models folder you can write to.</source>
        <translation>无法写入 %1：%2。请选择一个可写入的模型文件夹。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2. Is the disk full? Free some space and retry.</source>
        <translation>无法写入 %1：%2。磁盘满了吗？请释放一些空间后重试。</translation>
    </message>
    <message>
        <source>The server refused access to %1 (HTTP %2). The model may require you to accept its licence on its page and to set an access token.</source>
        <translation>服务器拒绝访问 %1（HTTP %2）。该模型可能需要你在其页面上接受许可协议并设置访问令牌。</translation>
    </message>
    <message>
        <source>%1 was not found on the server (HTTP 404). The catalogue or the mirror may be out of date.</source>
        <translation>服务器上找不到 %1（HTTP 404）。模型目录或镜像可能已过时。</translation>
    </message>
    <message>
        <source>The secure connection for %1 failed: %2. GLM Chat only downloads over verified connections; check the system clock, a proxy, or the mirror setting.</source>
        <translation>%1 的安全连接失败：%2。GLM Chat 只通过经过验证的连接下载；请检查系统时间、代理或镜像设置。</translation>
    </message>
    <message>
        <source>The server redirected %1 to an insecure address; GLM Chat does not follow it.</source>
        <translation>服务器将 %1 重定向到不安全的地址；GLM Chat 不会跟随。</translation>
    </message>
    <message>
        <source>Too many redirects while downloading %1.</source>
        <translation>下载 %1 时重定向次数过多。</translation>
    </message>
    <message>
        <source>The server says %1 has %2 bytes, but the catalogue says %3. The download was stopped and its partial file deleted; the catalogue or the mirror is out of date.</source>
        <translation>服务器称 %1 有 %2 字节，但模型目录中为 %3。下载已停止，部分文件已删除；模型目录或镜像已过时。</translation>
    </message>
    <message>
        <source>The server sent more data for %1 than the catalogue says the file has (%2 bytes). The partial file was deleted; the catalogue or the mirror is out of date.</source>
        <translation>服务器为 %1 发送的数据多于模型目录中记录的文件大小（%2 字节）。部分文件已删除；模型目录或镜像已过时。</translation>
    </message>
    <message>
        <source>%1 has %2 bytes instead of %3. The partial file was deleted; retry to download it again.</source>
        <translation>%1 有 %2 字节，而不是 %3 字节。部分文件已删除；请重试以重新下载。</translation>
    </message>
    <message>
        <source>%1 is damaged: its SHA-256 is %2 but the catalogue expects %3. The partial file was deleted; retry to download it again. If this repeats, the mirror serves a different file.</source>
        <translation>%1 已损坏：其 SHA-256 为 %2，但模型目录期望 %3。部分文件已删除；请重试以重新下载。如果反复出现，说明镜像提供的是另一个文件。</translation>
    </message>
    <message>
        <source>The server says %1 has the SHA-256 %2, but the catalogue expects %3. Nothing was downloaded; the catalogue or the mirror is out of date.</source>
        <translation>服务器称 %1 的 SHA-256 为 %2，但模型目录期望 %3。未下载任何内容；模型目录或镜像已过时。</translation>
    </message>
    <message>
        <source>Downloading %1 failed %2 times in a row: %3. Check the network and retry.</source>
        <translation>下载 %1 连续失败 %2 次：%3。请检查网络后重试。</translation>
    </message>
</context>
<context>
    <name>EngineAdvice</name>
    <message>
        <source>The model could not be loaded.</source>
        <translation>无法加载模型。</translation>
    </message>
    <message>
        <source>The reply could not be finished.</source>
        <translation>无法完成回复。</translation>
    </message>
    <message>
        <source>No graphics device can be used.</source>
        <translation>没有可用的图形设备。</translation>
    </message>
    <message>
        <source>There is not enough video memory.</source>
        <translation>显存不足。</translation>
    </message>
    <message>
        <source>Pick a smaller quantization of the model (for example Q4_0), set a shorter context length in Settings, or close other programs that use the GPU.</source>
        <translation>请选择量化程度更高、体积更小的模型（例如 Q4_0），在设置中缩短上下文长度，或关闭其他占用 GPU 的程序。</translation>
    </message>
    <message>
        <source>The graphics device stopped responding or was removed.</source>
        <translation>图形设备停止响应或已被移除。</translation>
    </message>
    <message>
        <source>Load the model again. If it keeps happening, update the graphics driver or pick another device in Settings.</source>
        <translation>请重新加载模型。如果反复出现，请更新显卡驱动，或在设置中选择其他设备。</translation>
    </message>
    <message>
        <source>No graphics device with Vulkan support was found.</source>
        <translation>未找到支持 Vulkan 的图形设备。</translation>
    </message>
    <message>
        <source>Install or update the graphics driver with Vulkan support (on Linux: mesa-vulkan-drivers, or your GPU vendor&apos;s driver), then start GLM Chat again.</source>
        <translation>请安装或更新支持 Vulkan 的显卡驱动（Linux 上为 mesa-vulkan-drivers 或显卡厂商的驱动），然后重新启动 GLM Chat。</translation>
    </message>
    <message>
        <source>The file is not a usable GLM model.</source>
        <translation>该文件不是可用的 GLM 模型。</translation>
    </message>
    <message>
        <source>Choose a GGUF file of ChatGLM-6B, ChatGLM2-6B, ChatGLM3-6B or GLM-4-9B. If it was downloaded, download it again; a checkpoint can be converted with the model manager or glm-cli convert.</source>
        <translation>请选择 ChatGLM-6B、ChatGLM2-6B、ChatGLM3-6B 或 GLM-4-9B 的 GGUF 文件。如果是下载的文件，请重新下载；检查点可以用模型管理器或 glm-cli convert 转换。</translation>
    </message>
    <message>
        <source>The file could not be read.</source>
        <translation>无法读取该文件。</translation>
    </message>
    <message>
        <source>Check that the file still exists, that you may read it, and that the disk is connected.</source>
        <translation>请检查文件是否仍然存在、你是否有读取权限，以及磁盘是否已连接。</translation>
    </message>
    <message>
        <source>The message is too long for the model&apos;s context.</source>
        <translation>消息太长，超出了模型的上下文。</translation>
    </message>
    <message>
        <source>Shorten the message, start a new chat, or set a longer context length (or fewer new tokens) in Settings.</source>
        <translation>请缩短消息、开始新的对话，或在设置中增大上下文长度（或减少新词元数）。</translation>
    </message>
    <message>
        <source>The graphics driver reported an error. Update the driver or pick another device in Settings.</source>
        <translation>显卡驱动报告了错误。请更新驱动，或在设置中选择其他设备。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Please report this problem with the details below.</source>
        <translation>请连同下面的详细信息报告此问题。</translation>
    </message>
    <message>
        <source>The computer ran out of memory.</source>
        <translation>计算机内存不足。</translation>
    </message>
    <message>
        <source>Close other programs, or pick a smaller model.</source>
        <translation>请关闭其他程序，或选择更小的模型。</translation>
    </message>
    <message>
        <source>The model produced invalid numbers.</source>
        <translation>模型计算出了无效的数值。</translation>
    </message>
    <message>
        <source>The model file may be damaged: download or convert it again. Or the graphics driver may be faulty: update it or pick another device in Settings.</source>
        <translation>模型文件可能已损坏：请重新下载或转换。也可能是显卡驱动有问题：请更新驱动，或在设置中选择其他设备。</translation>
    </message>
    <message>
        <source>No graphics device matches the one chosen.</source>
        <translation>没有与所选设备相符的显卡设备。</translation>
    </message>
    <message>
        <source>Pick another device in Settings, or unset the GLM_DEVICE environment variable. The details below list the devices; glm-cli devices shows them too.</source>
        <translation>请在设置中选择其他设备，或取消 GLM_DEVICE 环境变量。下面的详细信息列出了可用设备；glm-cli devices 也会列出它们。</translation>
    </message>
</context>
<context>
    <name>FirstRunView</name>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>The model could not be loaded</source>
        <translation>无法加载模型</translation>
    </message>
    <message>
        <source>Welcome to GLM Chat</source>
        <translation>欢迎使用 GLM Chat</translation>
    </message>
    <message>
        <source>GLM Chat runs ChatGLM and GLM-4 models on your own graphics card; nothing you write leaves this computer. To start, you need a model: download one, or open a GGUF file you already have.</source>
        <translation>GLM Chat 在你自己的显卡上运行 ChatGLM 和 GLM-4 模型；你写的任何内容都不会离开这台电脑。开始之前需要一个模型：下载一个，或打开你已有的 GGUF 文件。</translation>
    </message>
    <message>
        <source>Download a model…</source>
        <translation>下载模型…</translation>
    </message>
    <message>
        <source>Open another model…</source>
        <translation>打开其他模型…</translation>
    </message>
    <message>
        <source>Open a GGUF file…</source>
        <translation>打开 GGUF 文件…</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>You can also drop a .gguf file onto this window, or start GLM Chat with the file: glm-chat path/to/model.gguf</source>
        <translation>你也可以把 .gguf 文件拖到此窗口中，或用该文件启动 GLM Chat：glm-chat path/to/model.gguf</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>GenerationSettingsPage</name>
    <message>
        <source>Load a model to change how it writes. Each model keeps its own settings.</source>
        <translation>加载模型后即可调整它的写作方式。每个模型有各自的设置。</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Higher values give more varied replies, lower values more predictable ones; 0 always picks the most likely word.</source>
        <translation>数值越高，回复越多样；数值越低，回复越可预测；为 0 时总是选择最可能的词。</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Only the most likely words that together make up this share of the probability are considered.</source>
        <translation>只考虑累计概率达到此比例的最可能的词。</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Only this many of the most likely words are considered.</source>
        <translation>只考虑这么多个最可能的词。</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Repetition penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <source>Values above 1 make the model less likely to repeat itself.</source>
        <translation>大于 1 的值会让模型更少重复自己。</translation>
    </message>
    <message>
        <source>Longest reply (tokens)</source>
        <translation>最长回复（词元）</translation>
    </message>
    <message>
        <source>Reset to the model&apos;s defaults</source>
        <translation>恢复为模型的默认值</translation>
    </message>
</context>
<context>
    <name>HeaderBar</name>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>没有模型</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 · %4 in video memory · context %5</source>
        <translation>%1 · %2 · %3 · 占用显存 %4 · 上下文 %5</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Open a GGUF model file (Ctrl+O)</source>
        <translation>打开 GGUF 模型文件（Ctrl+O）</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Download and manage models</source>
        <translation>下载和管理模型</translation>
    </message>
    <message>
        <source>Export this chat…</source>
        <translation>导出此对话…</translation>
    </message>
    <message>
        <source>Import chats…</source>
        <translation>导入对话…</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Settings (Ctrl+,)</source>
        <translation>设置（Ctrl+,）</translation>
    </message>
    <message>
        <source>Hide the chats (Ctrl+B)</source>
        <translation>隐藏对话列表（Ctrl+B）</translation>
    </message>
    <message>
        <source>Show the chats (Ctrl+B)</source>
        <translation>显示对话列表（Ctrl+B）</translation>
    </message>
    <message>
        <source>Export and import chats, about GLM Chat</source>
        <translation>导出和导入对话，关于 GLM Chat</translation>
    </message>
    <message>
        <source>About GLM Chat…</source>
        <translation>关于 GLM Chat…</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 · %4 in memory · context %5</source>
        <translation>%1 · %2 · %3 · 占用内存 %4 · 上下文 %5</translation>
    </message>
</context>
<context>
    <name>InfoBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>InstalledModelDelegate</name>
    <message>
        <source>Downloaded checkpoint, ready to convert · %1</source>
        <translation>已下载的检查点，可以转换 · %1</translation>
    </message>
    <message>
        <source> · not verified</source>
        <translation> · 未校验</translation>
    </message>
    <message>
        <source>Cannot be read: %1</source>
        <translation>无法读取：%1</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation>已加载</translation>
    </message>
    <message>
        <source>opened from another folder</source>
        <translation>从其他文件夹打开</translation>
    </message>
</context>
<context>
    <name>InstalledModelsModel</name>
    <message>
        <source>Could not open %1 in the file manager.</source>
        <translation>无法在文件管理器中打开 %1。</translation>
    </message>
    <message>
        <source>Only files on this computer can be imported.</source>
        <translation>只能导入这台电脑上的文件。</translation>
    </message>
    <message numerus="yes">
        <source>Removed %n unfinished file(s) left by an interrupted conversion or import (%1): %2</source>
        <translation>
            <numerusform>已删除 %n 个由中断的转换或导入留下的未完成文件（%1）：%2</numerusform>
        </translation>
    </message>
    <message>
        <source>This model is loaded. Load another model (or close it) first.</source>
        <translation>此模型正在使用。请先加载其他模型（或关闭它）。</translation>
    </message>
    <message>
        <source>Opened from another folder; GLM Chat deletes only models in its models folder.</source>
        <translation>从其他文件夹打开；GLM Chat 只删除其模型文件夹中的模型。</translation>
    </message>
</context>
<context>
    <name>LaunchOptionsText</name>
    <message>
        <source>Keep settings, conversations and models in DIR (portable mode; also GLM_CHAT_DATA_DIR).</source>
        <translation>将设置、对话和模型保存在 DIR 中（便携模式；也可用 GLM_CHAT_DATA_DIR）。</translation>
    </message>
    <message>
        <source>Quit after MS milliseconds (tests).</source>
        <translation>在 MS 毫秒后退出（用于测试）。</translation>
    </message>
    <message>
        <source>Save a screenshot of the window to FILE before quitting.</source>
        <translation>退出前将窗口截图保存到 FILE。</translation>
    </message>
    <message>
        <source>Send TEXT once the model is loaded, then quit when the reply is complete (tests; also GLM_CHAT_AUTOSEND).</source>
        <translation>模型加载后发送 TEXT，回复完成后退出（用于测试；也可用 GLM_CHAT_AUTOSEND）。</translation>
    </message>
    <message>
        <source>Print the version and exit.</source>
        <translation>打印版本号并退出。</translation>
    </message>
    <message>
        <source>Show this help and exit.</source>
        <translation>显示此帮助并退出。</translation>
    </message>
    <message>
        <source>Chat with GLM models on your own GPU.</source>
        <translation>在你自己的 GPU 上与 GLM 模型聊天。</translation>
    </message>
    <message>
        <source>A GGUF model file to open.</source>
        <translation>要打开的 GGUF 模型文件。</translation>
    </message>
    <message>
        <source>--quit-after needs a number of milliseconds, not “%1”.</source>
        <translation>--quit-after 需要毫秒数，而不是“%1”。</translation>
    </message>
    <message>
        <source>Give at most one model file; got %1.</source>
        <translation>最多只能指定一个模型文件；实际给了 %1 个。</translation>
    </message>
    <message>
        <source>--data-dir needs a folder.</source>
        <translation>--data-dir 需要一个文件夹。</translation>
    </message>
</context>
<context>
    <name>LibraryPane</name>
    <message>
        <source>Models folder: %1</source>
        <translation>模型文件夹：%1</translation>
    </message>
    <message>
        <source>Move instead of copy</source>
        <translation>移动而不是复制</translation>
    </message>
    <message>
        <source>Import .gguf…</source>
        <translation>导入 .gguf…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>No models installed yet. Download one, or import a .gguf file.</source>
        <translation>还没有安装模型。请下载一个，或导入 .gguf 文件。</translation>
    </message>
    <message>
        <source>Delete %1?</source>
        <translation>删除 %1？</translation>
    </message>
    <message>
        <source>The files are removed from the disk. Downloading them again takes time.</source>
        <translation>这些文件将从磁盘上删除。重新下载需要时间。</translation>
    </message>
    <message>
        <source>Import a GGUF model</source>
        <translation>导入 GGUF 模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>GLM Chat</source>
        <translation>GLM Chat</translation>
    </message>
    <message>
        <source>Open a model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Export the chat</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>JSON, for importing again (*.json)</source>
        <translation>JSON，可再次导入 (*.json)</translation>
    </message>
    <message>
        <source>Import chats</source>
        <translation>导入对话</translation>
    </message>
    <message>
        <source>GLM Chat export (*.json)</source>
        <translation>GLM Chat 导出文件 (*.json)</translation>
    </message>
    <message>
        <source>Ask anything.</source>
        <translation>有什么都可以问。</translation>
    </message>
    <message>
        <source>Load the model again</source>
        <translation>重新加载模型</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
</context>
<context>
    <name>MessageActions</name>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>%1 tokens/s · first token after %2 ms</source>
        <translation>%1 词元/秒 · 首个词元用时 %2 毫秒</translation>
    </message>
</context>
<context>
    <name>MessageEditor</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
</context>
<context>
    <name>ModelController</name>
    <message>
        <source>GLM Chat closed while loading %1 last time, so it was not loaded again on its own. Open it again if you want to try once more, or pick another device in Settings.</source>
        <translation>上次加载 %1 时 GLM Chat 被关闭，所以这次没有自动加载它。如果想再试一次，请重新打开它，或在设置中选择其他设备。</translation>
    </message>
    <message>
        <source>The last model, %1, is no longer there. Open another model.</source>
        <translation>上次使用的模型 %1 已不存在。请打开其他模型。</translation>
    </message>
    <message>
        <source>%1 was not opened: %2 %3 %4 is still loaded.</source>
        <translation>未打开 %1：%2 %3 当前仍在使用 %4。</translation>
    </message>
</context>
<context>
    <name>ModelManagerDialog</name>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>Sizes for</source>
        <translation>大小按</translation>
    </message>
    <message>
        <source>No GPU selected: whether a model fits is unknown</source>
        <translation>未选择 GPU：无法判断模型是否合适</translation>
    </message>
    <message>
        <source>Download source</source>
        <translation>下载源</translation>
    </message>
    <message>
        <source>GPU: %1, %2 of video memory</source>
        <translation>GPU：%1，显存 %2</translation>
    </message>
    <message>
        <source>Download %1 anyway?</source>
        <translation>仍然下载 %1？</translation>
    </message>
    <message>
        <source>%1 needs more video memory than your GPU has, so it will probably not load, or run very slowly. The download is %2.</source>
        <translation>%1 需要的显存超过你的 GPU，因此可能无法加载，或运行很慢。下载大小为 %2。</translation>
    </message>
    <message>
        <source>CPU backend: %1, %2 of memory</source>
        <translation>CPU 后端：%1，内存 %2</translation>
    </message>
    <message>
        <source>%1 needs more memory than this computer has, so it will probably not load. The download is %2.</source>
        <translation>%1 需要的内存超过本机内存，很可能无法加载。下载大小为 %2。</translation>
    </message>
</context>
<context>
    <name>ModelSettingsPage</name>
    <message>
        <source>Graphics device</source>
        <translation>图形设备</translation>
    </message>
    <message>
        <source>Cannot be used: %1</source>
        <translation>无法使用：%1</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>The model&apos;s own (at most 4096 tokens)</source>
        <translation>模型自身的长度（最多 4096 个词元）</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 个词元</translation>
    </message>
    <message>
        <source>How much of the conversation the model sees. Longer contexts need more video memory; the oldest messages are left out when a chat grows beyond it.</source>
        <translation>模型能看到的对话长度。上下文越长，需要的显存越多；对话超出此长度时，最早的消息会被略去。</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>For example: You are a helpful assistant. Answer briefly.</source>
        <translation>例如：你是一个乐于助人的助手。请简洁作答。</translation>
    </message>
    <message>
        <source>This model (ChatGLM-6B or ChatGLM2-6B) has no system prompt.</source>
        <translation>此模型（ChatGLM-6B 或 ChatGLM2-6B）没有系统提示词。</translation>
    </message>
    <message>
        <source>Instructions the model reads before every conversation.</source>
        <translation>模型在每次对话前读取的指示。</translation>
    </message>
    <message>
        <source>Compact context memory</source>
        <translation>紧凑上下文内存</translation>
    </message>
    <message>
        <source>Keeps the conversation in 8-bit numbers instead of 16-bit: long contexts fit in about half the video memory, with slightly less precise replies.</source>
        <translation>以 8 位而非 16 位数值保存对话：长上下文只需约一半的显存，回复的精度略有降低。</translation>
    </message>
    <message>
        <source>The new device or context settings apply when the model is loaded again (when you close this window).</source>
        <translation>新的设备或上下文设置将在重新加载模型时生效（关闭此窗口时）。</translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation>CPU 线程数</translation>
    </message>
    <message numerus="yes">
        <source>Automatic (%n core(s))</source>
        <translation>
            <numerusform>自动（%n 个核心）</numerusform>
        </translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>How many threads the CPU backend computes with; other devices do not use this. Takes effect when a model is loaded next.</source>
        <translation>CPU 后端计算时使用的线程数；其他设备不使用此设置。下次加载模型时生效。</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Search all chats</source>
        <translation>搜索所有对话</translation>
    </message>
</context>
<context>
    <name>SearchResultDelegate</name>
    <message>
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>You: </source>
        <translation>你：</translation>
    </message>
    <message>
        <source>Title: </source>
        <translation>标题：</translation>
    </message>
</context>
<context>
    <name>SearchResultList</name>
    <message>
        <source>No messages match.</source>
        <translation>没有匹配的消息。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Replies</source>
        <translation>回复</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
</context>
<context>
    <name>StartupProblemWindow</name>
    <message>
        <source>GLM Chat cannot start</source>
        <translation>GLM Chat 无法启动</translation>
    </message>
    <message>
        <source>Use another folder…</source>
        <translation>使用其他文件夹…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Choose a folder for GLM Chat&apos;s settings, chats and models</source>
        <translation>为 GLM Chat 的设置、对话和模型选择一个文件夹</translation>
    </message>
</context>
<context>
    <name>ThinkingBlock</name>
    <message>
        <source>Thought for %1 s</source>
        <translation>思考了 %1 秒</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>思考中…</translation>
    </message>
    <message>
        <source>Thinking (unfinished)</source>
        <translation>思考（未完成）</translation>
    </message>
</context>
<context>
    <name>UndoBar</name>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
</context>
<context>
    <name>glm::app::DownloadManager</name>
    <message>
        <source>The models folder %1 cannot be created. Choose a folder you can write to in the settings.</source>
        <translation>无法创建模型文件夹 %1。请在设置中选择一个可写入的文件夹。</translation>
    </message>
    <message>
        <source>The models folder %1 cannot be written (%2). Choose a folder you can write to in the settings.</source>
        <translation>无法写入模型文件夹 %1（%2）。请在设置中选择一个可写入的文件夹。</translation>
    </message>
    <message>
        <source>%1 cannot be downloaded by GLM Chat yet: %2</source>
        <translation>GLM Chat 暂时无法下载 %1：%2</translation>
    </message>
    <message>
        <source>The catalogue has no checksums for some files of %1, so GLM Chat could not tell a damaged download from a good one. %2</source>
        <translation>模型目录中没有 %1 部分文件的校验和，GLM Chat 无法区分下载是否损坏。%2</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>Not enough free disk space in %1: the download needs %2 more (and the converted model %3), but only %4 are free. Free some space or choose another models folder.</source>
        <translation>%1 的可用磁盘空间不足：下载还需要 %2（转换后的模型另需 %3），但只有 %4 可用。请释放一些空间，或选择其他模型文件夹。</translation>
    </message>
</context>
<context>
    <name>glm::app::DownloadTask</name>
    <message>
        <source>Cannot read the partial download %1: %2</source>
        <translation>无法读取部分下载的文件 %1：%2</translation>
    </message>
    <message>
        <source>the server sent a different part of the file than asked for</source>
        <translation>服务器发送的文件片段与请求的不一致</translation>
    </message>
    <message>
        <source>the partial file does not fit the file on the server</source>
        <translation>部分文件与服务器上的文件不符</translation>
    </message>
    <message>
        <source>the server answered HTTP %1</source>
        <translation>服务器返回 HTTP %1</translation>
    </message>
    <message>
        <source>Unexpected answer from the server for %1: HTTP %2.</source>
        <translation>服务器对 %1 的响应异常：HTTP %2。</translation>
    </message>
    <message>
        <source>the partial file changed on disk</source>
        <translation>磁盘上的部分文件被改动了</translation>
    </message>
    <message>
        <source>the connection closed after %1 of %2 bytes</source>
        <translation>连接在 %2 字节中的第 %1 字节后关闭</translation>
    </message>
    <message>
        <source>no data arrived for %1 seconds</source>
        <translation>%1 秒内没有收到数据</translation>
    </message>
    <message>
        <source>the partial file from before was damaged</source>
        <translation>之前的部分文件已损坏</translation>
    </message>
    <message>
        <source>Cannot move %1 into place as %2.</source>
        <translation>无法将 %1 移动到 %2。</translation>
    </message>
    <message>
        <source>Downloading %1 failed: %2.</source>
        <translation>下载 %1 失败：%2。</translation>
    </message>
</context>
<context>
    <name>glm::app::InferenceWorker</name>
    <message>
        <source>The device “%1” was not found; using %2 instead.</source>
        <translation>未找到设备“%1”；改用 %2。</translation>
    </message>
    <message>
        <source>The device “%1” cannot be used (%2); using %3 instead.</source>
        <translation>设备“%1”无法使用（%2）；改用 %3。</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>没有加载模型。</translation>
    </message>
    <message>
        <source>Open a model first.</source>
        <translation>请先打开模型。</translation>
    </message>
    <message>
        <source>Open a model, then send the message again.</source>
        <translation>请打开模型，然后重新发送消息。</translation>
    </message>
    <message>
        <source>This model&apos;s attention heads cannot use compact context memory; it uses the standard 16-bit memory.</source>
        <translation>此模型的注意力头无法使用紧凑上下文内存，将使用标准的 16 位内存。</translation>
    </message>
    <message>
        <source>The context length set for this model (%1 tokens) could not be used (%2), so the model&apos;s default of %3 tokens is used. Change it in Settings → Model.</source>
        <translation>为此模型设置的上下文长度（%1 个词元）无法使用（%2），因此改用模型默认的 %3 个词元。可在“设置 → 模型”中修改。</translation>
    </message>
    <message>
        <source>The message is too long for the model&apos;s context: it needs %1 tokens, but only %2 fit (the context holds %3 tokens, and the rest is kept for the reply).</source>
        <translation>消息太长，超出了模型的上下文：它需要 %1 个词元，但只能容纳 %2 个（上下文共 %3 个词元，其余留给回复）。</translation>
    </message>
</context>
<context>
    <name>glm::app::ModelDownload</name>
    <message>
        <source>All files were downloaded, but %1 could not be written: %2</source>
        <translation>所有文件都已下载，但无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>glm::app::ModelLibrary</name>
    <message>
        <source>%1 is not in the models folder; GLM Chat only deletes its own models.</source>
        <translation>%1 不在模型文件夹中；GLM Chat 只删除自己的模型。</translation>
    </message>
    <message>
        <source>Could not delete %1 completely. Check its permissions.</source>
        <translation>无法完全删除 %1。请检查其权限。</translation>
    </message>
    <message>
        <source>%1 is not a file.</source>
        <translation>%1 不是文件。</translation>
    </message>
    <message>
        <source>The models folder %1 cannot be created.</source>
        <translation>无法创建模型文件夹 %1。</translation>
    </message>
    <message>
        <source>A model named %1 is already installed. Rename the file or delete the installed one first.</source>
        <translation>已安装名为 %1 的模型。请先重命名文件或删除已安装的模型。</translation>
    </message>
    <message>
        <source>%1 is not a model GLM Chat can use: %2.</source>
        <translation>%1 不是 GLM Chat 能使用的模型：%2。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>Not enough free disk space in %1 to import this model.</source>
        <translation>%1 的可用磁盘空间不足，无法导入此模型。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>The import was cancelled.</source>
        <translation>导入已取消。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2. Is the disk full?</source>
        <translation>无法写入 %1：%2。磁盘满了吗？</translation>
    </message>
    <message>
        <source>Cannot move the imported model into place as %1.</source>
        <translation>无法将导入的模型移动到 %1。</translation>
    </message>
</context>
<context>
    <name>glm::app::QuantizeJob</name>
    <message>
        <source>A conversion is already running.</source>
        <translation>已有转换正在进行。</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>GLM Chat is already running with the data folder %1 (process %2), but it does not respond. Close it, or end that process, and start GLM Chat again.</source>
        <translation>GLM Chat 已在使用数据文件夹 %1 运行（进程 %2），但没有响应。请关闭它或结束该进程，然后重新启动 GLM Chat。</translation>
    </message>
</context>
</TS>
