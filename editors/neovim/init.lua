-- A minimal Neovim set-up for jmap: the built-in LSP client starts `jmap lsp` for YAML buffers.
-- Try it: nvim -u editors/neovim/init.lua editors/neovim/demo.jmap.yaml
-- (JMAP_TODAY=YYYY-MM-DD pins today for the review rules, as the screenshot does.)
vim.o.number = true
vim.o.signcolumn = "yes"
vim.o.wrap = false
vim.o.termguicolors = true
vim.o.background = "dark"
vim.cmd("highlight SignColumn guibg=NONE")
vim.diagnostic.config({ virtual_text = { prefix = "■" }, severity_sort = true })

local today = os.getenv("JMAP_TODAY")
local config = {
  name = "jmap",
  cmd = { "jmap", "lsp" },
  init_options = today and { today = today } or {},
}

vim.api.nvim_create_autocmd("FileType", {
  pattern = "yaml",
  callback = function(args)
    config.root_dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(args.buf), ":p:h")
    if vim.lsp.start then -- Neovim 0.8 and later
      vim.lsp.start(config)
    else -- Neovim 0.7
      vim.lsp.buf_attach_client(args.buf, vim.lsp.start_client(config))
    end
  end,
})
