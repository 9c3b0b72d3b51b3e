// Hand-written conversations for the README screenshots (English and Chinese, with a code block,
// a table and a list), and the titles of a few more chats to fill the sidebar.
#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace glm::test {

struct ScreenshotTurn {
    QString question;
    QString answer;
};

inline ScreenshotTurn englishScreenshotTurn() {
    return {QStringLiteral("How do I compute the average of a column in a CSV file with Python?"),
            QStringLiteral(
                "You can do it with the standard library alone — no extra packages needed.\n\n"
                "```python\n"
                "import csv\n"
                "from statistics import mean\n\n"
                "with open(\"sales.csv\", newline=\"\", encoding=\"utf-8\") as f:\n"
                "    rows = csv.DictReader(f)\n"
                "    prices = [float(row[\"price\"]) for row in rows]\n\n"
                "print(f\"average price: {mean(prices):.2f}\")\n"
                "```\n\n"
                "For a file like this one it prints `average price: 4.50`:\n\n"
                "| item   | price |\n"
                "|--------|------:|\n"
                "| tea    |  3.00 |\n"
                "| coffee |  4.50 |\n"
                "| cake   |  6.00 |\n\n"
                "A few things to keep in mind:\n\n"
                "- `DictReader` uses the first line as column names.\n"
                "- Empty cells raise `ValueError`; skip them with `if row[\"price\"]`.\n"
                "- For large files, **pandas** is faster: "
                "`pd.read_csv(\"sales.csv\")[\"price\"].mean()`.")};
}

inline ScreenshotTurn chineseScreenshotTurn() {
    return {QStringLiteral("用 Python 读取 CSV 文件并计算某一列的平均值，应该怎么写？"),
            QStringLiteral(
                "只用标准库就可以完成，不需要安装额外的包：\n\n"
                "```python\n"
                "import csv\n"
                "from statistics import mean\n\n"
                "# 读取文件，按列名取出“价格”一列\n"
                "with open(\"销售.csv\", newline=\"\", encoding=\"utf-8\") as f:\n"
                "    rows = csv.DictReader(f)\n"
                "    prices = [float(row[\"价格\"]) for row in rows]\n\n"
                "print(f\"平均价格：{mean(prices):.2f}\")\n"
                "```\n\n"
                "对于下面这样的文件，程序会输出 `平均价格：4.50`：\n\n"
                "| 商品 | 价格 |\n"
                "|------|-----:|\n"
                "| 茶   | 3.00 |\n"
                "| 咖啡 | 4.50 |\n"
                "| 蛋糕 | 6.00 |\n\n"
                "需要注意几点：\n\n"
                "1. `DictReader` 把第一行当作列名。\n"
                "2. 空单元格会引发 `ValueError`，可以用 `if row[\"价格\"]` 跳过。\n"
                "3. 文件很大时用 **pandas** 更快：`pd.read_csv(\"销售.csv\")[\"价格\"].mean()`。")};
}

// A reasoning model's reply (GLM-Z1): its thinking, shown open above the answer.
struct ThinkingScreenshotTurn {
    QString question;
    QString thinking;
    QString answer;
    qint64 thinkingMs = 0;
};

inline ThinkingScreenshotTurn thinkingScreenshotTurn() {
    return {QStringLiteral("A train leaves at 14:35 and arrives at 17:10. How long is the trip?"),
            QStringLiteral("The train leaves at 14:35 and arrives at 17:10, the same day.\n\n"
                           "From 14:35 to 16:35 is 2 hours. From 16:35 to 17:10 is another 35 "
                           "minutes.\n\n"
                           "So the trip takes 2 hours 35 minutes. Let me check: 14:35 plus 2 "
                           "hours is 16:35, plus 35 minutes is 17:10. That matches."),
            QStringLiteral("The trip takes **2 hours 35 minutes**:\n\n"
                           "- 14:35 → 16:35: 2 hours\n"
                           "- 16:35 → 17:10: 35 minutes"),
            12'400};
}

inline QStringList sidebarScreenshotTitles() {
    return {QStringLiteral("Plan a weekend in Hangzhou"),
            QStringLiteral("解释一下量子纠缠"),
            QStringLiteral("Write a haiku about autumn rain"),
            QStringLiteral("如何优化慢的 SQL 查询？"),
            QStringLiteral("Explain Vulkan compute shaders"),
            QStringLiteral("把这段话翻译成英文")};
}

} // namespace glm::test
