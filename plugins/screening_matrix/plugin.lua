-- screening_matrix: 受付・課題整理のスクリーニング（対象／対象外）
-- A decision table as data: rules are tried in order, the first whose
-- conditions all hold gives the decision (対象 / 対象外) and its label becomes
-- the basis. A result recorded by the coordinator takes precedence over the
-- table, so a town can start with manual screening and add rules later.
--
-- A rule's `when` maps a case field to a condition:
--   value            the field equals it (for a list field: contains it)
--   { eq = v }       equals            { ne = v }        differs (or absent)
--   { any_of = [..]} equals one of them (list field: shares one)
--   { all_of = [..]} list field contains every one of them
--   { min = n, max = n }  number bounds (list/records field: its length)
--   { present = true|false }  has a value / has none
--   { where = { column = cond, ... }, min = n, max = n }
--       records field: how many rows match every column condition (min
--       defaults to 1 when only `where` is given)
--   { size = { min = n, max = n } }  list/records length, usable with `where`:
--       { size = { min = 2 }, where = { attribute = "working_age_other" } }
--       = at least two members, one of them 18-64 and not needy
--
-- A rule marked `binding` decides even over a result the coordinator recorded
-- (a rule of law, not a reading of the table). Where a town's table can be read
-- in several ways, `reading` names the reading in force and a rule's
-- `by_reading` gives its decision under each one (`none`: the coordinator
-- decides).

local function fail(fn, message) error("screening_matrix." .. fn .. ": " .. message, 0) end

local function is_empty(t) return next(t) == nil end

local function is_list(v) return type(v) == "table" and (#v > 0 or is_empty(v)) end

local function has_value(v)
  if v == nil then return false end
  if v == "" then return false end
  if type(v) == "table" and is_empty(v) then return false end
  return true
end

local function contains(list, want)
  for _, item in ipairs(list) do
    if item == want then return true end
  end
  return false
end

local OPS = { eq = true, ne = true, any_of = true, all_of = true, min = true, max = true,
              present = true, where = true, size = true }

local matches  -- forward declaration: conditions on records rows recurse

local function count_rows(rows, where, where_path)
  if type(where) ~= "table" or #where > 0 then
    fail("rules", where_path .. ": 'where' must map columns to conditions")
  end
  local n = 0
  for _, row in ipairs(rows) do
    local all = type(row) == "table"
    if all then
      for column, cond in pairs(where) do
        if not matches(row[column], cond, where_path .. "." .. column) then all = false break end
      end
    end
    if all then n = n + 1 end
  end
  return n
end

-- Does `value` satisfy `cond`? `path` names the condition in errors.
matches = function(value, cond, path)
  if type(cond) ~= "table" then
    if type(value) == "table" then return contains(value, cond) end
    return value == cond
  end
  if #cond > 0 then fail("rules", path .. ": a condition is a value or a map of operators, got a list") end
  for op in pairs(cond) do
    if not OPS[op] then
      fail("rules", path .. ": unknown operator '" .. tostring(op) ..
           "' (use eq, ne, any_of, all_of, min, max, present, where, size)")
    end
  end
  if cond.present ~= nil and has_value(value) ~= cond.present then return false end
  if cond.eq ~= nil and value ~= cond.eq then return false end
  if cond.ne ~= nil and value == cond.ne then return false end
  if cond.any_of ~= nil then
    if not is_list(cond.any_of) then fail("rules", path .. ".any_of: expected a list") end
    local hit = false
    for _, want in ipairs(cond.any_of) do
      if (type(value) == "table" and contains(value, want)) or value == want then hit = true break end
    end
    if not hit then return false end
  end
  if cond.all_of ~= nil then
    if not is_list(cond.all_of) then fail("rules", path .. ".all_of: expected a list") end
    if type(value) ~= "table" then return false end
    for _, want in ipairs(cond.all_of) do
      if not contains(value, want) then return false end
    end
  end
  if cond.size ~= nil then
    local size = cond.size
    if type(size) ~= "table" or #size > 0 then fail("rules", path .. ".size: expected { min =, max = }") end
    if type(value) ~= "table" then return false end
    if size.min ~= nil and #value < size.min then return false end
    if size.max ~= nil and #value > size.max then return false end
  end
  if cond.min ~= nil or cond.max ~= nil or cond.where ~= nil then
    local n
    if cond.where ~= nil then
      if type(value) ~= "table" then return false end
      n = count_rows(value, cond.where, path .. ".where")
    elseif type(value) == "table" then
      n = #value
    elseif type(value) == "number" then
      n = value
    else
      return false
    end
    local min = cond.min
    if min == nil and cond.where ~= nil then min = 1 end
    if min ~= nil and n < min then return false end
    if cond.max ~= nil and n > cond.max then return false end
  end
  return true
end

-- Do all of `when`'s conditions hold for the case? `path` prefixes errors.
local function all_hold(case, when, path)
  for field, cond in pairs(when) do
    if not matches(case.data[field], cond, path .. "." .. field) then return false end
  end
  return true
end

-- The reading in force ("" when the town has none); a name missing from a
-- non-empty `readings` is a configuration slip, reported rather than ignored.
local function reading_of(c)
  local reading = c.reading
  if reading ~= "" and not is_empty(c.readings) and c.readings[reading] == nil then
    local names = {}
    for name in pairs(c.readings) do names[#names + 1] = name end
    table.sort(names)
    fail("config", "reading '" .. reading .. "' is not one of the readings (" .. table.concat(names, ", ") .. ")")
  end
  return reading
end

-- The rule's decision under the reading in force: target, not_target or none.
local function decision_of(rule, reading)
  if reading ~= "" and rule.by_reading ~= nil and rule.by_reading[reading] ~= nil then
    return rule.by_reading[reading]
  end
  return rule.decision
end

-- The first rule (binding ones only, or all but those) whose conditions all
-- hold, as an outcome; nil if none holds, false if the first that holds leaves
-- the case to the coordinator under the reading (a binding one never does:
-- the search goes on).
local function first_match(case, c, binding)
  local reading = reading_of(c)
  for i, rule in ipairs(c.rules) do
    if (rule.binding == true) == binding and all_hold(case, rule.when, "rules[" .. i .. "] (" .. rule.id .. ").when") then
      local decision = decision_of(rule, reading)
      if decision ~= "none" then
        local by_reading = reading ~= "" and rule.by_reading ~= nil and rule.by_reading[reading] ~= nil
        return { decision = decision, basis = rule.label or rule.id, rule = rule.id, binding = binding,
                 reading = by_reading and reading or nil }
      end
      if not binding then return false end
    end
  end
  return nil
end

-- The screening outcome: { decision =, basis =, rule =, reading = } or nil when
-- undecided. Binding rules first, then the coordinator's result, then the table.
local function outcome(case, c)
  local bound = first_match(case, c, true)
  if bound then return bound end
  local recorded = case.data[c.result_field]
  if recorded ~= nil then
    if recorded ~= c.target_value and recorded ~= c.not_target_value then
      fail("screen", "field '" .. c.result_field .. "' holds '" .. tostring(recorded) ..
           "', expected '" .. c.target_value .. "' or '" .. c.not_target_value .. "'")
    end
    local decision = recorded == c.target_value and "target" or "not_target"
    return { decision = decision, basis = case.data[c.basis_field] or "担当者による判定" }
  end
  local rule = first_match(case, c, false)
  if rule == false then return nil end
  if rule then return rule end
  if c.default ~= "none" then return { decision = c.default, basis = "既定の判定" } end
  return nil
end

local function label_of(decision) return decision == "target" and "対象" or "対象外" end

local rule_entry = {
  type = "map",
  fields = {
    id = { type = "string", required = true },
    label = { type = "string", description = { ja = "判定の根拠として記録する説明", en = "recorded as the basis" } },
    when = { type = "map", default = {}, description = { ja = "項目 → 条件", en = "field -> condition" } },
    decision = { type = "enum", one_of = { "target", "not_target" }, required = true },
    binding = { type = "boolean", default = false,
                description = { ja = "担当者の判定より優先するルール", en = "decides even over a recorded result" } },
    by_reading = { type = "map", values = { type = "enum", one_of = { "target", "not_target", "none" } },
                   description = { ja = "読み方ごとの判定（none: 担当者が判定）",
                                   en = "decision per reading (none: the coordinator decides)" } },
  },
}

return {
  name = "screening_matrix",
  version = "1.1.0",
  description = { ja = "スクリーニングの判定表（対象／対象外）", en = "Screening decision table (target / not target)" },

  config = {
    rules = { type = "list", items = rule_entry, default = {},
              description = { ja = "上から順に評価する判定ルール", en = "rules, first match wins" } },
    default = { type = "enum", one_of = { "none", "target", "not_target" }, default = "none",
                description = { ja = "どのルールにも当たらないときの判定", en = "decision when no rule matches" } },
    result_field = { type = "string", default = "screening_result" },
    basis_field = { type = "string", default = "screening_basis" },
    target_value = { type = "string", default = "target" },
    not_target_value = { type = "string", default = "not_target" },
    reading = { type = "string", default = "",
                description = { ja = "判定表の読み方（by_reading のキー）", en = "the reading in force (a by_reading key)" } },
    readings = { type = "map", values = { type = "string" }, default = {},
                 description = { ja = "読み方 → 説明（reading の入力ミスを防ぐ）", en = "reading -> description" } },
  },

  guards = {
    -- screening_matrix.is_target: the case is 対象.
    is_target = function(case, ctx)
      if not is_empty(ctx.args) then fail("is_target", "takes no arguments") end
      local o = outcome(case, ctx.config)
      if o == nil then return false, "スクリーニング結果（対象／対象外）が記録されていないため受理できません" end
      if o.decision == "target" then return true end
      return false, "スクリーニングの結果が対象外のため受理できません（根拠：" .. o.basis .. "）"
    end,

    -- screening_matrix.is_not_target: the case is 対象外.
    is_not_target = function(case, ctx)
      if not is_empty(ctx.args) then fail("is_not_target", "takes no arguments") end
      local o = outcome(case, ctx.config)
      if o == nil then return false, "スクリーニング結果（対象／対象外）が記録されていないためつなぎもどしできません" end
      if o.decision == "not_target" then return true end
      return false, "スクリーニングの結果が対象のためつなぎもどしできません（根拠：" .. o.basis .. "）"
    end,
  },

  actions = {
    -- screening_matrix.screen: records the result, its basis and the decision
    -- 'screening' = { result = target|not_target, label = 対象|対象外, basis =, rule =,
    -- reading = } (rule when the table decided; reading when the rule's decision
    -- depends on it).
    screen = function(case, ctx)
      if not is_empty(ctx.args) then fail("screen", "takes no arguments") end
      local c = ctx.config
      local o = outcome(case, c)
      if o == nil then
        ctx:decide("screening", { result = "undecided", label = "未判定" })
        return
      end
      ctx:set(c.result_field, o.decision == "target" and c.target_value or c.not_target_value)
      if case.data[c.basis_field] == nil or o.binding then ctx:set(c.basis_field, o.basis) end
      ctx:decide("screening", { result = o.decision, label = label_of(o.decision), basis = o.basis, rule = o.rule,
                                reading = o.reading })
    end,
  },
}
