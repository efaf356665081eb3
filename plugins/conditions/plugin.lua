-- conditions: guards on the case's own data, written as data at the call site.
--   guard: { call: conditions.field, with: { field: needs_participation, equals: true,
--                                           reason: 重層的支援会議で参加支援が必要と判断されていません } }
local function describe(v)
  if type(v) == "table" then return "a list or map" end
  return tostring(v)
end

local function check_args(args)
  if type(args.field) ~= "string" or args.field == "" then
    error("conditions.field: 'with: { field: ... }' must name a field", 0)
  end
  local tests = 0
  for _, key in ipairs({ "equals", "one_of", "present" }) do
    if args[key] ~= nil then tests = tests + 1 end
  end
  if tests ~= 1 then
    error("conditions.field: give exactly one of 'equals', 'one_of' and 'present'", 0)
  end
  if args.one_of ~= nil and type(args.one_of) ~= "table" then
    error("conditions.field: 'one_of' must be a list", 0)
  end
end

local function has_value(v)
  if v == nil then return false end
  if type(v) == "string" then return v ~= "" end
  if type(v) == "table" then return next(v) ~= nil end
  return true
end

local function holds(value, args)
  if args.present ~= nil then return has_value(value) == (args.present == true) end
  if args.equals ~= nil then return value == args.equals end
  for _, candidate in ipairs(args.one_of) do
    if value == candidate then return true end
  end
  return false
end

return {
  name = "conditions",
  version = "1.0.0",
  description = { ja = "ケースの項目の値による条件", en = "Conditions on the case's fields" },
  guards = {
    field = function(case, ctx)
      local args = ctx.args
      check_args(args)
      if holds(case.data[args.field], args) then return true end
      if type(args.reason) == "string" and args.reason ~= "" then return false, args.reason end
      return false, "条件を満たしていません（" .. args.field .. " = " .. describe(case.data[args.field]) .. "）"
    end,
  },
}
