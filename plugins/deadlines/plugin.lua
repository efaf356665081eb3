-- deadlines: 期限（開庁日で数える）
-- Stores a due date counted in business days (開庁日: weekends, national
-- holidays and 12/29-1/3 skipped) and checks the event's date against it.
-- The seeds give no time limits: every number comes from the workflow, or
-- from a date the caseworker records on the case (remind_on).

local function fail(fn, message) error("deadlines." .. fn .. ": " .. message, 0) end

local function check_args(fn, args, spec)
  for key, value in pairs(args) do
    local want = spec[key]
    if want == nil then fail(fn, "unknown argument '" .. tostring(key) .. "'") end
    if want == "integer" then
      if math.type(value) ~= "integer" then fail(fn, "argument '" .. key .. "' must be an integer") end
    elseif type(value) ~= want then
      fail(fn, "argument '" .. key .. "' must be a " .. want .. ", got " .. type(value))
    end
  end
end

local function is_date(v) return type(v) == "string" and v:match("^%d%d%d%d%-%d%d%-%d%d$") ~= nil end

-- The due date a guard compares with: args.field must name a date field.
local function due_date(fn, case, ctx)
  check_args(fn, ctx.args, { field = "string", label = "string", optional = "boolean" })
  local field = ctx.args.field
  if field == nil then fail(fn, "argument 'field' is required") end
  local label = ctx.args.label or field
  local due = case.data[field]
  if due == nil or due == "" then return nil, label end
  if not is_date(due) then fail(fn, "field '" .. field .. "' must hold a date YYYY-MM-DD, got '" .. tostring(due) .. "'") end
  return due, label
end

return {
  name = "deadlines",
  version = "1.1.0",
  description = { ja = "開庁日で数える期限の設定と確認", en = "Business-day due dates" },

  config = {
    max_business_days = { type = "integer", default = 260,
                          description = { ja = "set で指定できる開庁日数の上限（入力ミス防止）",
                                          en = "largest business_days set accepts" } },
  },

  guards = {
    -- deadlines.before { field, label }: today is on or before the due date.
    -- With optional = true, an empty field allows (no date, nothing to miss).
    before = function(case, ctx)
      local due, label = due_date("before", case, ctx)
      if due == nil and ctx.args.optional then return true end
      if due == nil then return false, label .. "の期限が設定されていません" end
      local today = kasane.today()
      if today <= due then return true end
      return false, label .. "（" .. due .. "まで）を過ぎています"
    end,

    -- deadlines.after { field, label }: the due date has passed (today is later).
    -- With optional = true, an empty field allows.
    after = function(case, ctx)
      local due, label = due_date("after", case, ctx)
      if due == nil and ctx.args.optional then return true end
      if due == nil then return false, label .. "の期限が設定されていません" end
      local today = kasane.today()
      if today > due then return true end
      return false, label .. "（" .. due .. "まで）が終わっていません"
    end,
  },

  actions = {
    -- deadlines.set { field, business_days, from? }: field = the date
    -- `business_days` business days after today (or after the date in field
    -- `from`).
    set = function(case, ctx)
      check_args("set", ctx.args, { field = "string", business_days = "integer", from = "string" })
      local a = ctx.args
      if a.field == nil then fail("set", "argument 'field' is required") end
      if a.business_days == nil then fail("set", "argument 'business_days' is required") end
      if a.business_days < 0 or a.business_days > ctx.config.max_business_days then
        fail("set", "business_days must be between 0 and " .. ctx.config.max_business_days .. ", got " .. a.business_days)
      end
      local base = kasane.today()
      if a.from then
        base = case.data[a.from]
        if not is_date(base) then fail("set", "field '" .. a.from .. "' must hold a date YYYY-MM-DD") end
      end
      ctx:set(a.field, kasane.add_business_days(base, a.business_days))
    end,

    -- deadlines.remind { event, business_days, id? }: schedules `event` (fired
    -- as system) at 09:00 on the n-th business day from today. Called from the
    -- transition a reminder fires, it makes the reminder repeat while the case
    -- stays in the state.
    remind = function(case, ctx)
      check_args("remind", ctx.args, { event = "string", business_days = "integer", id = "string" })
      local a = ctx.args
      if a.event == nil then fail("remind", "argument 'event' is required") end
      if a.business_days == nil then fail("remind", "argument 'business_days' is required") end
      if a.business_days < 1 or a.business_days > ctx.config.max_business_days then
        fail("remind", "business_days must be between 1 and " .. ctx.config.max_business_days .. ", got " .. a.business_days)
      end
      ctx:timer{ id = a.id or a.event, event = a.event, after_business_days = a.business_days }
    end,

    -- deadlines.remind_on { event, field, id? }: schedules `event` (fired as
    -- system) at 09:00 on the date held in `field`, or on the next business
    -- day when the office is closed that day. For steps with no fixed
    -- interval: the caseworker sets the date case by case, and an empty field
    -- cancels the reminder.
    remind_on = function(case, ctx)
      check_args("remind_on", ctx.args, { event = "string", field = "string", id = "string" })
      local a = ctx.args
      if a.event == nil then fail("remind_on", "argument 'event' is required") end
      if a.field == nil then fail("remind_on", "argument 'field' is required") end
      local id = a.id or a.event
      local date = case.data[a.field]
      if date == nil or date == "" then
        ctx:cancel_timer(id)
        return
      end
      if not is_date(date) then
        fail("remind_on", "field '" .. a.field .. "' must hold a date YYYY-MM-DD, got '" .. tostring(date) .. "'")
      end
      ctx:timer{ id = id, event = a.event, at = kasane.add_business_days(date, 0) .. "T09:00:00+09:00" }
    end,
  },
}
