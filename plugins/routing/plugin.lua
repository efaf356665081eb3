-- routing: 相談の分野から担当窓口へ（交通整理）
-- A town's routing table is data: category -> the windows that take it. The
-- plugin reads the case's category field(s), records the routed windows, makes
-- them members of the case and gives the first one (or the window the worker
-- chose among them) an intake task. It also keeps track of who holds the case
-- (担当・つなぎ元), returns a case to its referrer (つなぎもどし), turns agencies
-- named in a field into members, and hands items such as resource gaps on to
-- the body that deals with them.

local function fail(fn, message) error("routing." .. fn .. ": " .. message, 0) end

-- Rejects unknown or mistyped call arguments. `spec` maps name -> Lua type.
local function check_args(fn, args, spec)
  for key, value in pairs(args) do
    local want = spec[key]
    if want == nil then fail(fn, "unknown argument '" .. tostring(key) .. "'") end
    if type(value) ~= want then
      fail(fn, "argument '" .. key .. "' must be a " .. want .. ", got " .. type(value))
    end
  end
end

local function contains(list, value)
  for _, item in ipairs(list) do
    if item == value then return true end
  end
  return false
end

-- The category values of the case, in field order then value order.
local function categories_of(case, fields)
  local out = {}
  for _, field in ipairs(fields) do
    local v = case.data[field]
    if type(v) == "string" then
      out[#out + 1] = v
    elseif type(v) == "table" then
      for _, item in ipairs(v) do
        if type(item) == "string" then out[#out + 1] = item end
      end
    end
  end
  return out
end

-- The windows for the case's categories (deduplicated, table order kept), the
-- categories that matched, and the window label of each matched category; the
-- fallback when none match.
local function windows_for(case, config)
  local agencies, seen, matched, labels = {}, {}, {}, {}
  for _, category in ipairs(categories_of(case, config.category_fields)) do
    local route = config.routes[category]
    if route then
      matched[#matched + 1] = category
      if route.label then labels[#labels + 1] = route.label end
      for _, agency in ipairs(route.agencies) do
        if not seen[agency] then
          seen[agency] = true
          agencies[#agencies + 1] = agency
        end
      end
    end
  end
  if #agencies == 0 then
    for _, agency in ipairs(config.fallback) do agencies[#agencies + 1] = agency end
  end
  return agencies, matched, labels
end

-- The window the worker chose (config.preferred_field), or nil.
local function preferred_of(case, config)
  if config.preferred_field == "" then return nil end
  local v = case.data[config.preferred_field]
  if type(v) == "string" and v ~= "" then return v end
  return nil
end

-- `agencies` with `first` moved to the front.
local function with_first(agencies, first)
  local out = { first }
  for _, agency in ipairs(agencies) do
    if agency ~= first then out[#out + 1] = agency end
  end
  return out
end

local function label_of(config, agency)
  return config.agency_labels[agency] or agency
end

-- Agency ids named by a field: a string, a list of strings, or records (column).
local function agencies_in(value, column)
  local out, seen = {}, {}
  local function add(agency)
    if type(agency) == "string" and agency ~= "" and not seen[agency] then
      seen[agency] = true
      out[#out + 1] = agency
    end
  end
  if type(value) == "string" then
    add(value)
  elseif type(value) == "table" then
    for _, item in ipairs(value) do
      if type(item) == "table" then add(item[column]) else add(item) end
    end
  end
  return out
end

-- Checks a call's `task` argument: { kind, title, role?, due_business_days? }.
local function check_task(fn, task)
  check_args(fn .. " task", task, { kind = "string", title = "string", role = "string", due_business_days = "number" })
  if task.kind == nil then fail(fn, "argument 'task' needs 'kind'") end
  if task.title == nil then fail(fn, "argument 'task' needs 'title'") end
end

local function make_task(ctx, task, agency)
  local due = nil
  if task.due_business_days ~= nil then
    due = kasane.add_business_days(kasane.today(), math.tointeger(task.due_business_days) or 0)
  end
  ctx:task{ kind = task.kind, agency = agency, role = task.role, title = task.title, due = due }
end

-- "A、B、C ほか2件" for a task title.
local function summary(items)
  local shown = {}
  for i = 1, math.min(#items, 3) do shown[i] = items[i] end
  local text = table.concat(shown, "、")
  if #items > 3 then text = text .. " ほか" .. (#items - 3) .. "件" end
  return text
end

local route_entry = {
  type = "map",
  fields = {
    agencies = { type = "list", items = { type = "string" }, required = true,
                 description = { ja = "担当窓口（機関ID）。先頭が受付担当", en = "agency ids; the first gets the intake task" } },
    label = { type = "string", description = { ja = "窓口の表示名", en = "window label" } },
  },
}

return {
  name = "routing",
  version = "1.1.0",
  description = { ja = "相談の分野による担当窓口の振り分け、担当の引き継ぎ、つなぎ元への戻し",
                  en = "Routes a consultation to windows by category; tracks the holder; returns a case to its referrer" },

  config = {
    routes = { type = "map", values = route_entry, default = {},
               description = { ja = "分野 → 担当窓口の表", en = "category -> windows" } },
    category_fields = { type = "list", items = { type = "string" }, default = { "categories" },
                        description = { ja = "分野を持つ項目", en = "fields holding the categories" } },
    fallback = { type = "list", items = { type = "string" }, default = {},
                 description = { ja = "該当する分野が無いときの窓口", en = "windows when no category matches" } },
    preferred_field = { type = "string", default = "",
                        description = { ja = "担当窓口が複数あるとき、相談員が選んだ窓口を持つ項目（空なら使わない）",
                                        en = "field naming the window chosen among several (empty: not used)" } },
    agency_labels = { type = "map", values = { type = "string" }, default = {},
                      description = { ja = "理由の表示に使う機関名", en = "agency names shown in refusal reasons" } },
    routed_field = { type = "string", default = "routed_to",
                     description = { ja = "振り分け先を記録する項目（records: agency）", en = "records field {agency}" } },
    relation = { type = "string", default = "routed" },
    task = { type = "map", default = {}, fields = {
      kind = { type = "string", default = "intake" },
      title = { type = "string", default = "相談受付（振り分け）" },
      role = { type = "string", default = "intake_agency" },
      due_business_days = { type = "integer", default = 3 },
    } },
    referrer_field = { type = "string", default = "referring_agency" },
    returned_field = { type = "string", default = "returned_to" },
    owner_field = { type = "string", default = "owner_agency",
                    description = { ja = "ケースを担当する機関を記録する項目", en = "field holding the agency that holds the case" } },
    owner_relation = { type = "string", default = "owner" },
  },

  guards = {
    -- routing.routable: some category of the case has a window (or a fallback
    -- exists), and a window the worker chose is one of them.
    routable = function(case, ctx)
      check_args("routable", ctx.args, {})
      local c = ctx.config
      local agencies = windows_for(case, c)
      if #agencies == 0 then
        if #categories_of(case, c.category_fields) == 0 then
          return false, "相談の分野が記録されていないため担当窓口を決められません"
        end
        return false, "相談の分野に対応する担当窓口が振り分け表にありません"
      end
      local preferred = preferred_of(case, c)
      if preferred and not contains(agencies, preferred) then
        local names = {}
        for i, agency in ipairs(agencies) do names[i] = label_of(c, agency) end
        return false, "選んだ窓口（" .. label_of(c, preferred) .. "）は、この相談の分野の担当窓口（" ..
                      table.concat(names, "、") .. "）ではありません"
      end
      return true
    end,
  },

  actions = {
    -- routing.route: records the windows, makes them members, tasks the first
    -- (the chosen window when `preferred_field` names one of them).
    route = function(case, ctx)
      check_args("route", ctx.args, {})
      local c = ctx.config
      local agencies, matched, labels = windows_for(case, c)
      if #agencies == 0 then fail("route", "no window for the case's categories (guard with routing.routable)") end
      local preferred = preferred_of(case, c)
      if preferred then
        if not contains(agencies, preferred) then
          fail("route", "the chosen window '" .. preferred .. "' is not routed for the case (guard with routing.routable)")
        end
        agencies = with_first(agencies, preferred)
      end
      local rows = {}
      for i, agency in ipairs(agencies) do rows[i] = { agency = agency } end
      ctx:set(c.routed_field, rows)
      local decision = { categories = matched, agencies = agencies, windows = labels }
      if preferred then decision.preferred = preferred end
      ctx:decide("routing", decision)
      for _, agency in ipairs(agencies) do ctx:add_member(agency, c.relation) end
      ctx:task{
        kind = c.task.kind, agency = agencies[1], role = c.task.role, title = c.task.title,
        due = kasane.add_business_days(kasane.today(), c.task.due_business_days),
      }
    end,

    -- routing.referrer: remembers the acting agency as the referrer (つなぎ元)
    -- unless one is recorded, and makes it a member with relation 'referrer'.
    referrer = function(case, ctx)
      check_args("referrer", ctx.args, {})
      local field = ctx.config.referrer_field
      local agency = case.data[field]
      if agency == nil or agency == "" then
        agency = ctx.actor.agency
        if agency == nil or agency == "" then return end
        ctx:set(field, agency)
      end
      ctx:add_member(agency, "referrer")
    end,

    -- routing.return_to_referrer: つなぎもどし. The referrer (or args.agency)
    -- gets the case back: member 'returned', a follow-up task, a decision.
    return_to_referrer = function(case, ctx)
      check_args("return_to_referrer", ctx.args, { agency = "string", title = "string" })
      local c = ctx.config
      local agency = ctx.args.agency or case.data[c.referrer_field]
      if agency == nil or agency == "" then
        fail("return_to_referrer", "no referring agency recorded in '" .. c.referrer_field .. "'")
      end
      ctx:set(c.returned_field, agency)
      ctx:add_member(agency, "returned")
      ctx:task{ kind = "returned", agency = agency, title = ctx.args.title or "つなぎもどし：引き続き主担当として対応" }
      ctx:decide("returned_to", agency)
    end,

    -- routing.owner: the case passes to one agency (担当の引き継ぎ): args.agency,
    -- else the agency named in args.field (text, choice or the first record's
    -- column), else the acting agency. The previous holder's membership ends.
    owner = function(case, ctx)
      check_args("owner", ctx.args, { agency = "string", field = "string", column = "string" })
      local c = ctx.config
      local agency = ctx.args.agency
      if agency == nil and ctx.args.field then
        agency = agencies_in(case.data[ctx.args.field], ctx.args.column or "agency")[1]
      end
      if agency == nil or agency == "" then agency = ctx.actor.agency end
      if agency == nil or agency == "" then return end
      local previous = case.data[c.owner_field]
      if previous == agency then return end
      if type(previous) == "string" and previous ~= "" then ctx:remove_member(previous, c.owner_relation) end
      ctx:set(c.owner_field, agency)
      ctx:add_member(agency, c.owner_relation)
      ctx:decide("owner", agency)
    end,

    -- routing.members: every agency named in a field (args.field: records with
    -- column args.column, default 'agency'; a list of ids; one id), or the one
    -- agency args.agency, becomes a member with args.relation. Optionally each
    -- gets a task (args.task) and the list is recorded as a decision.
    members = function(case, ctx)
      check_args("members", ctx.args, { field = "string", column = "string", relation = "string",
                                        agency = "string", task = "table", decision = "string" })
      local field, relation = ctx.args.field, ctx.args.relation
      if relation == nil then fail("members", "argument 'relation' is required") end
      if (field == nil) == (ctx.args.agency == nil) then
        fail("members", "give exactly one of the arguments 'field' and 'agency'")
      end
      if ctx.args.task ~= nil then check_task("members", ctx.args.task) end
      local agencies
      if field ~= nil then
        local value = case.data[field]
        if value == nil then return end
        if type(value) ~= "table" and type(value) ~= "string" then
          fail("members", "field '" .. field .. "' must hold records, a list of agency ids or an agency id")
        end
        agencies = agencies_in(value, ctx.args.column or "agency")
      else
        agencies = { ctx.args.agency }
      end
      for _, agency in ipairs(agencies) do
        ctx:add_member(agency, relation)
        if ctx.args.task ~= nil then make_task(ctx, ctx.args.task, agency) end
      end
      if ctx.args.decision ~= nil and #agencies > 0 then ctx:decide(ctx.args.decision, agencies) end
    end,

    -- routing.pass_on: hands the items of a field (records: column args.column,
    -- default 'description'; or a list of texts) to args.agency — e.g. resource
    -- gaps to the body that develops social resources. Items already handed on
    -- (kept in args.passed_field, default '<field>_passed') are not sent again.
    pass_on = function(case, ctx)
      check_args("pass_on", ctx.args, { field = "string", agency = "string", relation = "string", column = "string",
                                        kind = "string", title = "string", role = "string", decision = "string",
                                        passed_field = "string" })
      local field, agency = ctx.args.field, ctx.args.agency
      if field == nil then fail("pass_on", "argument 'field' is required") end
      if agency == nil then fail("pass_on", "argument 'agency' is required") end
      local passed_field = ctx.args.passed_field or (field .. "_passed")
      -- The items handed on, kept as records { description = item } (a plain
      -- list of texts, as stored before, is read too).
      local passed = {}
      local already = case.data[passed_field]
      if type(already) == "table" then
        for _, item in ipairs(already) do
          passed[#passed + 1] = type(item) == "table" and item.description or item
        end
      end
      local fresh = {}
      for _, item in ipairs(agencies_in(case.data[field], ctx.args.column or "description")) do
        if not contains(passed, item) then
          fresh[#fresh + 1] = item
          passed[#passed + 1] = item
        end
      end
      if #fresh == 0 then return end
      local records = {}
      for i, item in ipairs(passed) do records[i] = { description = item } end
      ctx:add_member(agency, ctx.args.relation or "passed_on")
      ctx:task{ kind = ctx.args.kind or "pass_on", agency = agency, role = ctx.args.role,
                title = (ctx.args.title or "引き継がれた課題の検討") .. "（" .. summary(fresh) .. "）" }
      ctx:set(passed_field, records)
      ctx:decide(ctx.args.decision or field, { agency = agency, items = fresh })
    end,
  },
}
