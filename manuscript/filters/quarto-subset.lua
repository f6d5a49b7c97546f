--[[
quarto-subset.lua: the part of Quarto that manuscript/index.qmd uses, for
machines without Quarto (pandoc from pypandoc-binary renders the same .qmd).

Supported, and nothing else:
  * {{< var key >}} / {{< var a.b.c >}}: a value from _variables.yml in the
    project's root, as Quarto reads it: the nearest folder at or above the
    input file that holds _quarto.yml (else the input's folder). The value is
    Markdown, parsed as Quarto parses it (a span [n]{.x data-k="v"} in it
    stays a span: the workflow marks every number so). It works
    wherever inline text goes: paragraphs, headings, captions, table cells,
    list items and metadata such as the title. An undefined key is an error.
  * {{< include path >}} on its own as a paragraph: the blocks of that markdown
    file, with the path taken relative to the file that includes it. Nested
    includes work. A caption line `: Caption {#tbl-x}` straight after the
    include is attached to the included table, as Quarto's textual include
    would do. A missing file is an error.
  * Cross-references: figures `![Cap](img){#fig-x}`, pipe tables with a caption
    `: Cap {#tbl-x}` and headings `# Title {#sec-x}` are numbered in document
    order. Captions get the prefix "Figure N: " or "Table N: ". Citations
    @fig-x, @tbl-x and @sec-x (also [-@fig-x] and @Fig-x) become links reading
    "Figure N", "Table N" or "Section 2.1". An undefined label is an error.
    Quarto's other kinds (@eq-, @lst-, @thm-, ...) are rejected as errors.
  * fig-alt="..." on a figure's image becomes its alt text.
  * Callouts `::: {.callout-note title="..."}` (any callout-* class): a
    titled box in HTML (classes callout, callout-note; styled by the page's
    stylesheet) and a bordered block in typst.
  * Cross-format conditionals: divs and spans with class content-visible or
    content-hidden and a when-format or unless-format attribute, with
    Quarto's format names ("html" for any HTML output, "typst"; "pdf" and
    "latex" mean LaTeX, so neither matches typst); and when-meta or
    unless-meta naming a boolean metadata key (the workflow passes the data's
    conditions so; an unset key is an error). Other conditions (when-profile)
    and labelled figures, tables or sections inside a conditional are errors.
  * The Quarto-only `format:` metadata is dropped.
Added for the workflow (Quarto has no equivalent), and run under Quarto too
(listed in _quarto.yml's `filters`, where only this part runs):
  * Made-by lines: metadata `made-by-file` names a JSON file (relative to the
    document or the project root) holding `labels`, figure and table labels
    mapped to {rule, script}, and `paper_dir`, the folder the HTML is read
    from; paths relative to the project root (metadata `made-by-html-dir`
    overrides paper_dir). The caption of each such figure and table ends with
    "Made by rule <rule> · <script>": a span.made-by in HTML with the script
    linked relative to that folder, small grey text in typst. A document whose
    metadata sets `made-by-lines: false` has none (the note, whose readers find
    the same facts in the supplement's exhibit map).
  * HTML tables are wrapped in div.table-scroll, a block that scrolls
    sideways on its own, so a wide table never widens the page.
  * HTML words holding Chinese characters are marked lang="zh-Hans", so
    the browser sets them in a Chinese font.
Not supported: other shortcodes, shortcodes inside code, raw blocks or link
targets, div figures (::: {#fig-x}), subfigures, and
crossref options. Every other citation is left for --citeproc, so put this
filter before --citeproc on the command line.
]]

local stringify = pandoc.utils.stringify
local KIND_NAMES = { fig = "Figure", tbl = "Table", sec = "Section" }
local UNSUPPORTED = { eq = 1, lst = 1, thm = 1, lem = 1, cor = 1, prp = 1,
                      cnj = 1, def = 1, exm = 1, exr = 1, sol = 1, rem = 1 }

local input_file = PANDOC_STATE.input_files[1] or "-"
local input_dir = input_file == "-" and "." or pandoc.path.directory(input_file)
local current_file = input_file -- named in error messages
local under_quarto = type(quarto) == "table" and type(quarto.doc) == "table"

-- A Lua error makes pandoc exit non-zero. assert, not error(): Quarto's
-- filter runner replaces the global error() with one that only logs, and
-- assert raises the message as it is, without a Lua position.
local function fail(msg) assert(false, "quarto-subset: " .. msg .. " (in " .. current_file .. ")") end

local function read_file(path, what)
  local fh = io.open(path, "rb")
  if not fh then fail(what .. " not found: " .. path) end
  local text = fh:read("a")
  fh:close()
  return text
end

---------------------------------------------------------------- variables --
local variables_path, variables -- variables are loaded on first use

local function exists(path)
  local fh = io.open(path, "rb")
  if fh then fh:close() end
  return fh ~= nil
end

-- Quarto's project root: the nearest folder at or above `dir` that holds
-- _quarto.yml (or _quarto.yaml); a file outside any project is its own root.
local function project_root(dir)
  local start = dir
  if not pandoc.path.is_absolute(start) then
    start = pandoc.path.join({ pandoc.system.get_working_directory(), start })
  end
  local here = pandoc.path.normalize(start)
  while true do
    if exists(pandoc.path.join({ here, "_quarto.yml" })) or exists(pandoc.path.join({ here, "_quarto.yaml" })) then
      return here
    end
    local up = pandoc.path.directory(here)
    if up == here then return pandoc.path.normalize(start) end
    here = up
  end
end

local function lookup_var(key)
  if not variables then
    -- pandoc has no YAML module, but it parses YAML metadata blocks
    local text = read_file(variables_path, "variables file")
    text = text:gsub("^%-%-%-[ \t]*\r?\n", "")
    variables = pandoc.read("---\n" .. text .. "\n---\n", "markdown").meta
  end
  local node = variables
  for part in key:gmatch("[^.]+") do
    local kind = pandoc.utils.type(node)
    node = (kind == "Meta" or kind == "table") and node[part] or nil
    if node == nil then fail("undefined variable '" .. key .. "' (not in " .. variables_path .. ")") end
  end
  local kind = pandoc.utils.type(node)
  if kind == "table" or kind == "List" then
    fail("variable '" .. key .. "' is a map or list, not a single value")
  end
  -- as Quarto's var shortcode (processValue): the value as pandoc parsed it, as
  -- Markdown, so markup in it ([n]{.study-number data-key=...}) stays markup
  if kind == "Inlines" then return node:clone() end
  if kind == "Blocks" then return pandoc.utils.blocks_to_inlines(node) end
  return pandoc.Inlines{ pandoc.Str(stringify(node)) }
end

-- Pandoc splits `{{< var key >}}` into Str/Space tokens, possibly glued to
-- punctuation ("({{<" ... ">}})."). Re-join the run of tokens from the one
-- holding "{{<" to the one holding ">}}", then substitute in that text.
-- As in Quarto, `{{{< x >}}}` is an escaped shortcode, shown as `{{< x >}}`
-- (text from data reaches the paper escaped so: see wishlist.present.markdown),
-- and a "{{<" that no ">}}" closes is plain text.
local function unescape_shortcodes(str)
  if str.text:find("{{{<", 1, true) or str.text:find(">}}}", 1, true) then
    return pandoc.Str((str.text:gsub("{{{<", "{{<"):gsub(">}}}", ">}}")))
  end
end

-- Adjacent Str elements as one (an escaped character can stand apart: "\{" "{<").
local function merge_strs(inlines)
  local merged = pandoc.List{}
  for _, el in ipairs(inlines) do
    local last = merged[#merged]
    if el.t == "Str" and last and last.t == "Str" then
      merged[#merged] = pandoc.Str(last.text .. el.text)
    else
      merged:insert(el)
    end
  end
  return merged
end

local function expand_shortcodes(inlines)
  local out, queue, i = pandoc.Inlines{}, merge_strs(inlines), 1
  while i <= #queue do
    local el = queue[i]
    if el.t ~= "Str" or not el.text:find("{{<", 1, true) then
      out:insert(el); i = i + 1
    else
      local text, j, closed = el.text, i, true
      while not text:find(">}}", text:find("{{<", 1, true), true) do
        j = j + 1
        local nxt = queue[j]
        if nxt == nil then closed = false; break end
        if nxt.t == "Str" then text = text .. nxt.text
        elseif nxt.t == "Space" or nxt.t == "SoftBreak" then text = text .. " "
        else closed = false; break end
      end
      if not closed then
        out:insert(el); i = i + 1 -- not a shortcode: keep the text as it is
      else
        local open = text:find("{{<", 1, true)
        local _, close = text:find(">}}", open, true)
        local before, after = text:sub(1, open - 1), text:sub(close + 1)
        if before:sub(-1) == "{" and after:sub(1, 1) == "}" then
          -- escaped: kept so (a later walk must not expand it), shown unescaped by the format pass
          out:extend(pandoc.Inlines(before .. text:sub(open, close) .. "}"))
          after = after:sub(2)
        else
          local body = text:sub(open + 3, close - 3):match("^%s*(.-)%s*$")
          local name, key = body:match("^(%S+)%s*(.-)$")
          if name ~= "var" or key == "" or key:find("%s") then
            fail("unsupported shortcode {{< " .. body .. " >}}")
          end
          if before ~= "" then out:insert(pandoc.Str(before)) end
          -- a value is text: an escaped shortcode in it stays escaped until the format pass
          out:extend(lookup_var(key))
        end
        -- whatever follows may hold another shortcode: scan it again
        for _ = i, j do table.remove(queue, i) end
        if after ~= "" then table.insert(queue, i, pandoc.Str(after)) end
      end
    end
  end
  return out
end

------------------------------------------------------------------ made-by --
local made_by = {}     -- figure or table label -> { rule, script }
local made_by_html_dir -- where the HTML is read, relative to the project root

-- Try `path` relative to each folder in turn: Quarto rebases a path in
-- _quarto.yml onto the document's folder when the file exists, else leaves it.
local function find_file(path, folders)
  if pandoc.path.is_absolute(path) then return path end
  for _, folder in ipairs(folders) do
    local full = pandoc.path.join({ folder, path })
    if exists(full) then return full end
  end
  return pandoc.path.join({ folders[1], path })
end

local function load_made_by(meta, folders)
  local file, html_dir, lines = meta["made-by-file"], meta["made-by-html-dir"], meta["made-by-lines"]
  meta["made-by-file"], meta["made-by-html-dir"], meta["made-by-lines"] = nil, nil, nil -- settings, not text
  if lines ~= nil and type(lines) ~= "boolean" then fail("made-by-lines must be true or false") end
  if not file or lines == false then return meta end
  local path = find_file(stringify(file), folders)
  local ok, map = pcall(pandoc.json.decode, read_file(path, "made-by file"), false)
  if not ok or type(map) ~= "table" or type(map.labels) ~= "table" then
    fail("made-by file is not a JSON object with `labels`: " .. path)
  end
  for label, entry in pairs(map.labels) do
    if type(entry) ~= "table" or type(entry.rule) ~= "string" or type(entry.script) ~= "string" then
      fail("made-by entry for " .. label .. " lacks rule or script")
    end
    made_by[label] = entry
  end
  -- where the HTML is read: the map's paper_dir, unless the renderer says otherwise
  made_by_html_dir = html_dir and stringify(html_dir) or (type(map.paper_dir) == "string" and map.paper_dir or nil)
  return meta
end

local function is_html() return FORMAT:match("html") ~= nil end

-- "Made by rule `rule` · script" for the output format: the script is a link
-- (relative to the HTML's folder) in HTML, the line small and grey in typst.
local function made_by_line(rule, script, href)
  local line = pandoc.Inlines{ pandoc.Str("Made"), pandoc.Space(), pandoc.Str("by"), pandoc.Space(),
                               pandoc.Str("rule"), pandoc.Space(), pandoc.Code(rule), pandoc.Space(),
                               pandoc.Str("·"), pandoc.Space() }
  if is_html() and href then
    line:insert(pandoc.Link({ pandoc.Code(script) }, href))
  else
    line:insert(pandoc.Code(script))
  end
  if FORMAT == "typst" then
    line = pandoc.Inlines{ pandoc.RawInline("typst", "#text(size: 0.85em, fill: luma(80))[") }
           .. line .. { pandoc.RawInline("typst", "]") }
  end
  return pandoc.Span(line, pandoc.Attr("", { "made-by" }))
end

local function script_href(script)
  return made_by_html_dir and pandoc.path.make_relative(script, made_by_html_dir, true) or nil
end

-- The shared pass is format-free: it leaves a placeholder Span holding the
-- entry, which the format pass draws with made_by_line.
local MADE_BY_PLACEHOLDER = "quarto-subset-made-by"

local function made_by_placeholder(label)
  local entry = made_by[label]
  if not entry then return nil end
  local attrs = { { "rule", entry.rule }, { "script", entry.script } } -- pairs: a fixed order
  local href = script_href(entry.script)
  if href then table.insert(attrs, { "href", href }) end
  return pandoc.Span({}, pandoc.Attr("", { MADE_BY_PLACEHOLDER }, attrs))
end

local function render_made_by(span)
  if span.classes[1] ~= MADE_BY_PLACEHOLDER then return nil end
  local a = span.attributes
  return made_by_line(a.rule, a.script, a.href)
end

-- Append `tail` (an inline) to the last paragraph of caption blocks `long`.
local function append_to_caption(long, tail)
  if pandoc.utils.type(long) == "Block" then long = pandoc.Blocks{ long } end
  local last = long[#long]
  if last and (last.t == "Plain" or last.t == "Para") then
    last.content:extend{ pandoc.Space(), tail }
  else
    long:insert(pandoc.Plain{ tail })
  end
  return long
end

----------------------------------------------------------------- includes --
local function include_path(inlines)
  local path = stringify(inlines):match("^%s*{{<%s*include%s+(.-)%s*>}}%s*$")
  for _, q in ipairs{ { '"', '"' }, { "'", "'" }, { "“", "”" }, { "‘", "’" } } do
    -- quoted paths; smart quotes are what stringify gives back for "x.md"
    if path and #path > #q[1] + #q[2] and path:sub(1, #q[1]) == q[1] and path:sub(-#q[2]) == q[2] then
      return path:sub(#q[1] + 1, -#q[2] - 1)
    end
  end
  return path
end

-- Strip a trailing literal "{#id ...}" from caption inlines; return id, rest.
local function take_caption_id(inlines)
  for k = #inlines, 1, -1 do
    local el = inlines[k]
    if el.t == "Str" and el.text:match("^{#") then
      local id = stringify({table.unpack(inlines, k)}):match("^{#([^%s}]+)[^}]*}%s*$")
      if not id then return nil, inlines end
      local rest = pandoc.Inlines({table.unpack(inlines, 1, k - 1)})
      while #rest > 0 and rest[#rest].t == "Space" do rest:remove() end
      return id, rest
    end
  end
  return nil, inlines
end

-- The project's root (absolute), set by the shared pass: nothing outside it is
-- included or embedded, as typst under Quarto reads nothing outside it.
local project_dir

-- Is `path` (relative to folder `dir`) inside the project? Resolves ".." by hand.
local function inside_project(path, dir)
  local full = path
  if not pandoc.path.is_absolute(full) then
    local base = pandoc.path.is_absolute(dir) and dir or pandoc.path.join({ pandoc.system.get_working_directory(), dir })
    full = pandoc.path.join({ base, path })
  end
  local parts = {}
  for part in full:gmatch("[^/]+") do
    if part == ".." then table.remove(parts) elseif part ~= "." then table.insert(parts, part) end
  end
  local resolved = "/" .. table.concat(parts, "/")
  local root = project_dir:gsub("/+$", "")
  return resolved == root or resolved:sub(1, #root + 1) == root .. "/"
end

local expand_includes
local function include_file(path, dir, depth)
  if depth > 20 then fail("includes nested too deep at " .. path) end
  if not inside_project(path, dir) then fail("include outside the project: " .. path) end
  local full = pandoc.path.normalize(pandoc.path.join({dir, path}))
  local blocks = pandoc.read(read_file(full, "included file"), "markdown").blocks
  blocks = expand_includes(blocks, pandoc.path.directory(full), depth + 1)
  -- substitute variables now, so that an error names the included file
  local outer = current_file
  current_file = full
  blocks = blocks:walk{ Inlines = expand_shortcodes }
  current_file = outer
  return blocks
end

function expand_includes(blocks, dir, depth)
  return blocks:walk{ Blocks = function(list)
    local out = pandoc.Blocks{}
    for _, b in ipairs(list) do
      local path = (b.t == "Para" or b.t == "Plain") and include_path(b.content)
      -- "{{< include t.md >}}\n\n: Caption {#tbl-x}" parses as a definition list
      local dl = b.t == "DefinitionList" and #b.content == 1 and b.content[1]
      local dl_path = dl and include_path(dl[1])
      if path then
        out:extend(include_file(path, dir, depth))
      elseif dl_path and #dl[2] == 1 and #dl[2][1] == 1 and dl[2][1][1].t == "Para" then
        local included = include_file(dl_path, dir, depth)
        local last = included[#included]
        if not last or last.t ~= "Table" then
          fail("caption after {{< include " .. dl_path .. " >}} but the file does not end in a table")
        end
        local id, caption = take_caption_id(dl[2][1][1].content)
        last.caption = { long = { pandoc.Plain(caption) } }
        if id then last.identifier = id end
        out:extend(included)
      else
        out:insert(b)
      end
    end
    return out
  end }
end

----------------------------------------------------------- cross-references --
local labels = {}  -- id -> { kind = "fig"|"tbl"|"sec", number = "2.1" }

local function register(id, kind, number)
  if labels[id] then fail("duplicate label '" .. id .. "'") end
  labels[id] = { kind = kind, number = number }
end

local function prefix_caption(caption, text)
  local long = caption.long
  local head = { pandoc.Str(text .. (#long > 0 and ":" or "")) }
  if #long > 0 and (long[1].t == "Plain" or long[1].t == "Para") then
    long[1].content = pandoc.Inlines(head) .. { pandoc.Space() } .. long[1].content
  else
    table.insert(long, 1, pandoc.Plain(head))
  end
  caption.long = long
  return caption
end

-- Pre-pandoc-3 form of a figure: a paragraph holding one labelled image.
local function para_to_figure(p)
  local img = p.content[1]
  if #p.content == 1 and img.t == "Image" and img.identifier:match("^fig%-") then
    local id = img.identifier
    img.identifier = ""
    return pandoc.Figure({ pandoc.Plain{ img } }, { long = { pandoc.Plain(img.caption) } },
                         pandoc.Attr(id))
  end
end

local function with_made_by(caption, label)
  local span = made_by_placeholder(label)
  if span then caption.long = append_to_caption(caption.long, span) end
  return caption
end

local function number_elements(blocks)
  local counts, levels = { fig = 0, tbl = 0 }, { 0, 0, 0, 0, 0, 0 }
  return blocks:walk{ traverse = "topdown",
    Header = function(h)
      if h.classes:includes("unnumbered") then return nil end
      levels[h.level] = levels[h.level] + 1
      for l = h.level + 1, 6 do levels[l] = 0 end
      if h.identifier:match("^sec%-") then
        register(h.identifier, "sec", table.concat(levels, ".", 1, h.level))
      end
    end,
    Figure = function(f)
      if not f.identifier:match("^fig%-") then return nil end
      counts.fig = counts.fig + 1
      register(f.identifier, "fig", tostring(counts.fig))
      f.content = f.content:walk{ Image = function(img) -- Quarto's fig-alt: the alt text
        img.attributes.alt = img.attributes["fig-alt"] or img.attributes.alt
        img.attributes["fig-alt"] = nil
        return img
      end }
      f.caption = with_made_by(prefix_caption(f.caption, "Figure " .. counts.fig), f.identifier)
      return f
    end,
    Table = function(t)
      if t.identifier == "" then -- pandoc may leave "{#tbl-x}" in the caption
        local long = t.caption.long
        if #long > 0 and long[#long].content then
          local id, rest = take_caption_id(long[#long].content)
          if id then t.identifier, long[#long].content = id, rest end
          t.caption = { long = long, short = t.caption.short }
        end
      end
      if not t.identifier:match("^tbl%-") then return t end
      counts.tbl = counts.tbl + 1
      register(t.identifier, "tbl", tostring(counts.tbl))
      t.caption = with_made_by(prefix_caption(t.caption, "Table " .. counts.tbl), t.identifier)
      return t
    end,
  }
end

local function crossref_kind(id)
  local prefix = id:match("^(%a+)%-")
  return prefix and prefix:lower()
end

local function resolve_cite(cite)
  local n_xref = 0
  for _, c in ipairs(cite.citations) do
    local kind = crossref_kind(c.id)
    if UNSUPPORTED[kind] then fail("unsupported cross-reference type '@" .. c.id .. "'") end
    if KIND_NAMES[kind] then n_xref = n_xref + 1 end
  end
  if n_xref == 0 then return nil end -- a bibliography citation: leave it to citeproc
  if n_xref < #cite.citations then fail("cross-references mixed with citations in one [...]") end
  local out = pandoc.Inlines{}
  for k, c in ipairs(cite.citations) do
    local id = c.id:sub(1, 1):lower() .. c.id:sub(2)
    local target = labels[id]
    if not target then fail("undefined cross-reference label '@" .. c.id .. "'") end
    local text = c.mode == "SuppressAuthor" and target.number
                 or KIND_NAMES[target.kind] .. " " .. target.number
    if k > 1 then out:extend{ pandoc.Str(","), pandoc.Space() } end
    if #c.prefix > 0 then out:extend(c.prefix); out:insert(pandoc.Space()) end
    out:insert(pandoc.Link({ pandoc.Str(text) }, "#" .. id, "", pandoc.Attr("", { "quarto-xref" })))
    out:extend(c.suffix)
  end
  return out
end

------------------------------------------------ figures, tables, callouts --
local function scrollable_table(t)
  if not is_html() then return nil end
  local label = stringify(t.caption.long):match("^(Table %d+)")
  local attrs = { { "role", "region" }, { "tabindex", "0" } } -- pairs: a fixed order
  if label then table.insert(attrs, { "aria-label", label }) end
  return pandoc.Div({ t }, pandoc.Attr("", { "table-scroll" }, attrs))
end

local function callout(div)
  local kind
  for _, class in ipairs(div.classes) do kind = kind or class:match("^callout%-(%a+)$") end
  if not kind then return nil end
  local title = div.attributes.title or (kind:sub(1, 1):upper() .. kind:sub(2))
  local heading = pandoc.Inlines(title)
  if is_html() then
    -- Quarto's screen-reader label ("Note", "Warning", ...) before a given title
    local title_line = pandoc.Inlines{ pandoc.Strong(heading) }
    if div.attributes.title then
      title_line:insert(1, pandoc.Span(kind:sub(1, 1):upper() .. kind:sub(2), pandoc.Attr("", { "screen-reader-only" })))
    end
    local box = pandoc.Blocks{ pandoc.Div({ pandoc.Plain(title_line) },
                                          pandoc.Attr("", { "callout-title" })) }
    box:insert(pandoc.Div(div.content, pandoc.Attr("", { "callout-body" })))
    return pandoc.Div(box, pandoc.Attr(div.identifier, { "callout", "callout-" .. kind }, { role = "note" }))
  elseif FORMAT == "typst" then
    local out = pandoc.Blocks{ pandoc.RawBlock("typst", "#block(width: 100%, inset: 8pt, radius: 3pt, "
      .. "stroke: 0.6pt + rgb(\"#2f6fa8\"), fill: rgb(\"#f3f7fb\"))["),
      pandoc.Para{ pandoc.Strong(heading) } }
    out:extend(div.content)
    out:insert(pandoc.RawBlock("typst", "]"))
    return out
  end
  return pandoc.Div({ pandoc.Para{ pandoc.Strong(heading) }, table.unpack(div.content) },
                    pandoc.Attr(div.identifier, { "callout", "callout-" .. kind }))
end

------------------------------------------------ what the paper may load --
-- An image is a file inside the project, named by a relative path: never a URL
-- (pandoc would fetch it while embedding) nor a file elsewhere. A link may
-- not run code (javascript:, vbscript:, data:) or open local files (file:).
local function check_image(img)
  local src = img.src
  if src:match("^%a[%w+.-]*:") then fail("image from a URL or other scheme: " .. src) end
  if not inside_project(src, input_dir) then fail("image outside the project: " .. src) end
end

local function check_link(link)
  local scheme = link.target:match("^%s*(%a[%w+.-]*):")
  if scheme and ({ javascript = 1, vbscript = 1, data = 1, file = 1 })[scheme:lower()] then
    fail("link with a " .. scheme:lower() .. ": target: " .. link.target)
  end
end

------------------------------------------------------------- conditionals --
local function is_conditional(el)
  return el.classes:includes("content-visible") or el.classes:includes("content-hidden")
end

-- Quarto's names (quarto.format.isFormat): "html" is any HTML output, "pdf"
-- and "latex" are LaTeX only.
local function is_format(name)
  if name == FORMAT then return true end
  if name == "html" or name == "html:js" then return is_html() end
  if name == "pdf" or name == "latex" then return FORMAT == "latex" or FORMAT == "beamer" end
  return false
end

local SUPPORTED_CONDITIONS = { ["when-format"] = true, ["unless-format"] = true,
                               ["when-meta"] = true, ["unless-meta"] = true }

-- Shared pass: refuse what the format pass could not decide as Quarto does.
local function check_conditional(el)
  if not is_conditional(el) then return nil end
  for key, _ in pairs(el.attributes) do
    if (key:match("^when%-") or key:match("^unless%-")) and not SUPPORTED_CONDITIONS[key] then
      fail("unsupported condition " .. key .. " on a " .. el.t
           .. " (only when-format, unless-format, when-meta and unless-meta)")
    end
  end
  if el.t == "Div" then
    el.content:walk{
      Header = function(h) if h.identifier:match("^sec%-") then fail("section @" .. h.identifier .. " inside a conditional") end end,
      Figure = function(f) if f.identifier ~= "" then fail("figure @" .. f.identifier .. " inside a conditional") end end,
      Image = function(i) if i.identifier:match("^fig%-") then fail("figure @" .. i.identifier .. " inside a conditional") end end,
      Table = function(t) if stringify(t.caption.long):match("{#tbl%-") or t.identifier ~= "" then
        fail("table inside a conditional") end end,
    }
  end
end

-- Metadata conditions (when-meta / unless-meta, as Quarto: the content shows
-- when the key's value is true), decided in the shared pass, before numbering,
-- since they do not depend on the format. The key must be set to a boolean (the
-- workflow passes every condition it computes); a missing key is an error
-- rather than Quarto's silent false, so a misspelt condition cannot hide text.
local doc_meta = {}

local function meta_flag(key)
  local value = doc_meta[key]
  if value == nil then fail("condition when-meta=\"" .. key .. "\" names metadata that is not set") end
  if type(value) ~= "boolean" then fail("condition metadata '" .. key .. "' is not true or false") end
  return value
end

local function resolve_meta_condition(el)
  if not is_conditional(el) then return nil end
  local when, unless = el.attributes["when-meta"], el.attributes["unless-meta"]
  if not when and not unless then return nil end
  local match = (not when or meta_flag(when)) and (not unless or not meta_flag(unless))
  local visible = el.classes:includes("content-visible")
  if not match then -- the conditions fail: content-visible shows nothing, content-hidden hides nothing
    if visible then return {} end
    return el.content
  end
  if el.attributes["when-format"] or el.attributes["unless-format"] then
    el.attributes["when-meta"], el.attributes["unless-meta"] = nil, nil
    return el -- the format condition remains: the format pass decides
  end
  if visible then return el.content end
  return {}
end

-- Format pass: keep the content when the condition holds, else drop it.
local function resolve_conditional(el)
  if not is_conditional(el) then return nil end
  local match = true
  local when, unless = el.attributes["when-format"], el.attributes["unless-format"]
  if when then match = match and is_format(when) end
  if unless then match = match and not is_format(unless) end
  local show = el.classes:includes("content-visible") == match
  if not show then return {} end
  return el.content
end

-- CJK ideographs (U+3400-U+9FFF) and CJK punctuation (U+3000-U+303F)
local function has_chinese(text)
  for _, code in utf8.codes(text) do
    if (code >= 0x3400 and code <= 0x9FFF) or (code >= 0x3000 and code <= 0x303F) then return true end
  end
  return false
end

local function mark_chinese(str)
  if is_html() and has_chinese(str.text) then
    return pandoc.Span({ str }, pandoc.Attr("", {}, { lang = "zh-Hans" }))
  end
end

--------------------------------------------------------------------- main --
-- Two passes, run in one go by default. Metadata `quarto-subset-stage` set to
-- "shared" runs only the first (includes, variables, numbering and
-- cross-references, which do not depend on the output format; write it out as
-- pandoc JSON), "format" only the second on that JSON (made-by lines, table
-- scrolling, callouts, Chinese spans), so that several output formats can share
-- one run of the first. The result is the same as the single run.
local function shared_pass(doc)
  local root = project_root(input_dir)
  project_dir = root
  variables_path = pandoc.path.join({ root, "_variables.yml" })
  doc.meta.format = nil
  doc.meta = load_made_by(doc.meta, { input_dir, root }) -- render.py passes an absolute path
  doc.blocks = expand_includes(doc.blocks, input_dir, 0)
  doc:walk{ Div = check_conditional, Span = check_conditional, Image = check_image, Link = check_link }
  doc_meta = {}
  for key, value in pairs(doc.meta) do
    if type(value) == "boolean" then doc_meta[key] = value
    elseif pandoc.utils.type(value) == "Inlines" or type(value) == "string" then doc_meta[key] = stringify(value) end
  end
  doc.blocks = doc.blocks:walk{ Div = resolve_meta_condition, Span = resolve_meta_condition }
  doc = doc:walk{ Inlines = expand_shortcodes }
  doc.blocks = number_elements(doc.blocks:walk{ Para = para_to_figure })
  return doc:walk{ Cite = resolve_cite }
end

local function format_pass(doc)
  doc.blocks = doc.blocks:walk{ Div = resolve_conditional, Span = resolve_conditional, Str = unescape_shortcodes }
  doc.blocks = doc.blocks:walk{ Span = render_made_by }:walk{ Table = scrollable_table, Div = callout }
  if not is_html() then return doc end -- mark_chinese changes nothing outside HTML: skip its walk
  return doc:walk{ Str = mark_chinese }
end

-- Under Quarto (listed in _quarto.yml's `filters` at post-quarto), Quarto does
-- everything but the made-by lines: add those to its figure and table floats.
if under_quarto then
  return {
    { Meta = function(meta)
        return load_made_by(meta, { pandoc.path.directory(quarto.doc.input_file), quarto.project.directory })
      end },
    { FloatRefTarget = function(float)
        local entry = made_by[float.identifier]
        if not entry then return nil end
        float.caption_long = append_to_caption(float.caption_long,
                                               made_by_line(entry.rule, entry.script, script_href(entry.script)))
        return float
      end },
  }
end

function Pandoc(doc)
  local stage = doc.meta["quarto-subset-stage"]
  doc.meta["quarto-subset-stage"] = nil
  stage = stage and stringify(stage) or "both"
  if stage ~= "both" and stage ~= "shared" and stage ~= "format" then
    fail("quarto-subset-stage must be shared or format, not '" .. stage .. "'")
  end
  if stage ~= "format" then doc = shared_pass(doc) end
  if stage ~= "shared" then doc = format_pass(doc) end
  return doc
end
