//! Box-drawn tables sized like OpenClaw's: columns as wide as their content, shrunk (flexible
//! columns first) when the table is wider than the terminal, then flexible columns widened to fill
//! it; cells too long for their column wrap at spaces, `/`, `-`, `_` or `.`.

pub struct Column {
    pub header: &'static str,
    pub min_width: usize,
    pub flex: bool,
}

const PADDING: usize = 1;

fn width_of(text: &str) -> usize {
    text.chars().count()
}

/// The width tables are fitted to: `$COLUMNS` when set, else 120 (what OpenClaw assumes off a terminal).
pub fn terminal_width(columns_env: Option<&str>) -> usize {
    columns_env.and_then(|c| c.trim().parse::<usize>().ok()).unwrap_or(120).max(60)
}

fn column_widths(columns: &[Column], rows: &[Vec<String>], max_width: usize) -> Vec<usize> {
    let header_widths: Vec<usize> = columns.iter().map(|c| width_of(c.header)).collect();
    let mut widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let cells = rows.iter().map(|r| r.get(i).map_or(0, |cell| width_of(cell))).max().unwrap_or(0);
            c.min_width.max(3).max(header_widths[i].max(cells) + PADDING * 2)
        })
        .collect();
    let separators = columns.len() + 1;
    let preferred_min: Vec<usize> =
        columns.iter().enumerate().map(|(i, c)| c.min_width.max(header_widths[i] + PADDING * 2).max(3)).collect();
    let absolute_min: Vec<usize> = header_widths.iter().map(|w| (w + PADDING * 2).max(3)).collect();
    let total: usize = widths.iter().sum::<usize>() + separators;
    if total > max_width {
        let mut over = total - max_width;
        let flex: Vec<usize> = (0..columns.len()).filter(|i| columns[*i].flex).collect();
        let fixed: Vec<usize> = (0..columns.len()).filter(|i| !columns[*i].flex).collect();
        for (indices, mins) in
            [(&flex, &preferred_min), (&flex, &absolute_min), (&fixed, &preferred_min), (&fixed, &absolute_min)]
        {
            while over > 0 {
                // Take one column from the widest shrinkable column at a time, so they even out.
                let widest =
                    indices.iter().copied().filter(|i| widths[*i] > mins[*i]).fold(None, |best: Option<usize>, i| {
                        match best {
                            Some(b) if widths[b] >= widths[i] => Some(b),
                            _ => Some(i),
                        }
                    });
                let Some(widest) = widest else { break };
                widths[widest] -= 1;
                over -= 1;
            }
        }
    }
    let used: usize = widths.iter().sum::<usize>() + separators;
    let flex: Vec<usize> = (0..columns.len()).filter(|i| columns[*i].flex).collect();
    if used < max_width && !flex.is_empty() {
        let mut extra = max_width - used;
        while extra > 0 {
            let round = (extra / flex.len()).max(1);
            for i in &flex {
                let amount = round.min(extra);
                widths[*i] += amount;
                extra -= amount;
                if extra == 0 {
                    break;
                }
            }
        }
    }
    widths
}

/// Splits `text` into lines of at most `width` characters.
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    if width == 0 || width_of(text) <= width && !text.contains('\n') {
        return vec![text.to_owned()];
    }
    let mut lines = Vec::new();
    let mut buf: Vec<char> = Vec::new();
    let mut last_break: Option<usize> = None;
    let flush = |buf: &mut Vec<char>, at: Option<usize>, lines: &mut Vec<String>| {
        let take = at.filter(|a| *a > 0).unwrap_or(buf.len());
        let left: String = buf.drain(..take).collect();
        lines.push(left.trim_end().to_owned());
    };
    for ch in text.chars() {
        if ch == '\n' {
            flush(&mut buf, None, &mut lines);
            last_break = None;
            continue;
        }
        let ch = if ch == '\t' { ' ' } else { ch };
        if buf.len() + 1 > width && !buf.is_empty() {
            flush(&mut buf, last_break, &mut lines);
            last_break = None;
            if buf.len() + 1 > width && !buf.is_empty() {
                flush(&mut buf, None, &mut lines);
            }
        }
        if buf.is_empty() && ch == ' ' {
            continue;
        }
        buf.push(ch);
        if matches!(ch, ' ' | '/' | '-' | '_' | '.') {
            last_break = Some(buf.len());
        }
    }
    if !buf.is_empty() {
        flush(&mut buf, None, &mut lines);
    }
    if lines.is_empty() { vec![String::new()] } else { lines }
}

/// The table as lines (no trailing newline).
pub fn render(columns: &[Column], rows: &[Vec<String>], max_width: usize) -> Vec<String> {
    let widths = column_widths(columns, rows, max_width);
    let rule = |left: &str, mid: &str, right: &str| {
        let parts: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        format!("{left}{}{right}", parts.join(mid))
    };
    let mut lines = vec![rule("┌", "┬", "┐")];
    let render_row = |cells: Vec<&str>, lines: &mut Vec<String>| {
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .enumerate()
            .map(|(i, cell)| wrap(cell, widths[i].saturating_sub(PADDING * 2).max(1)))
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        for line in 0..height {
            let parts: Vec<String> = wrapped
                .iter()
                .enumerate()
                .map(|(i, cell)| {
                    let content_width = widths[i].saturating_sub(PADDING * 2).max(1);
                    let text = cell.get(line).map_or("", String::as_str);
                    let pad = content_width.saturating_sub(width_of(text));
                    format!(" {text}{} ", " ".repeat(pad))
                })
                .collect();
            lines.push(format!("│{}│", parts.join("│")));
        }
    };
    render_row(columns.iter().map(|c| c.header).collect(), &mut lines);
    lines.push(rule("├", "┼", "┤"));
    for row in rows {
        render_row(row.iter().map(String::as_str).collect(), &mut lines);
    }
    lines.push(rule("└", "┴", "┘"));
    lines
}
