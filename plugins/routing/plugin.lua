-- routing: 相談の分野から担当窓口へ（交通整理）
-- A town's routing table is data: category -> the windows that take it. The
-- plugin reads the case's category field(s), records the routed windows, makes
-- them members of the case and gives the first one an intake task. It also
-- keeps track of the referring agency so a case can be returned (つなぎもどし).

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
-- categories that matched, and the window labels; the fallback when none match.
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
  version = "1.0.0",
  description = { ja = "相談の分野による担当窓口の振り分けと、つなぎ元への戻し",
                  en = "Routes a consultation to windows by category; returns a case to its referrer" },

  config = {
    routes = { type = "map", values = route_entry, default = {},
               description = { ja = "分野 → 担当窓口の表", en = "category -> windows" } },
    category_fields = { type = "list", items = { type = "string" }, default = { "categories" },
                        description = { ja = "分野を持つ項目", en = "fields holding the categories" } },
    fallback = { type = "list", items = { type = "string" }, default = {},
                 description = { ja = "該当する分野が無いときの窓口", en = "windows when no category matches" } },
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
  },

  guards = {
    -- routing.routable: some category of the case has a window (or a fallback exists).
    routable = function(case, ctx)
      check_args("routable", ctx.args, {})
      if #windows_for(case, ctx.config) > 0 then return true end
      if #categories_of(case, ctx.config.category_fields) == 0 then
        return false, "相談の分野が記録されていないため担当窓口を決められません"
      end
      return false, "相談の分野に対応する担当窓口が振り分け表にありません"
    end,
  },

  actions = {
    -- routing.route: records the windows, makes them members, tasks the first.
    route = function(case, ctx)
      check_args("route", ctx.args, {})
      local c = ctx.config
      local agencies, matched, labels = windows_for(case, c)
      if #agencies == 0 then fail("route", "no window for the case's categories (guard with routing.routable)") end
      local rows = {}
      for i, agency in ipairs(agencies) do rows[i] = { agency = agency } end
      ctx:set(c.routed_field, rows)
      ctx:decide("routing", { categories = matched, agencies = agencies, windows = labels })
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

    -- routing.members: every agency named in a records field (args.field, column
    -- args.column, default 'agency') becomes a member with args.relation.
    members = function(case, ctx)
      check_args("members", ctx.args, { field = "string", column = "string", relation = "string" })
      local field, relation = ctx.args.field, ctx.args.relation
      if field == nil then fail("members", "argument 'field' is required") end
      if relation == nil then fail("members", "argument 'relation' is required") end
      local column = ctx.args.column or "agency"
      local rows = case.data[field]
      if rows == nil then return end
      if type(rows) ~= "table" then fail("members", "field '" .. field .. "' must hold records") end
      local seen = {}
      for _, row in ipairs(rows) do
        local agency = type(row) == "table" and row[column] or nil
        if type(agency) == "string" and agency ~= "" and not seen[agency] then
          seen[agency] = true
          ctx:add_member(agency, relation)
        end
      end
    end,
  },
}
