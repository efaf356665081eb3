-- sakata-intake: 酒田市 多機関協働事業の受付経路
-- Sakata's CSWs take consultations from support agencies, city hall included
-- (after the agency's own case review). A citizen's consultation is taken only
-- when it came through an existing 社協 channel (民生・児童委員, 学区・地区社協,
-- other 市社協 programs) and staff decide to take it: "受付する場合はある".
-- A citizen who comes directly is connected to a window instead.

local function fail(message) error("sakata-intake.source_allowed: " .. message, 0) end

local function contains(list, value)
  for _, item in ipairs(list) do
    if item == value then return true end
  end
  return false
end

return {
  name = "sakata-intake",
  version = "1.0.0",
  description = { ja = "酒田市 多機関協働事業の受付経路（支援関係機関からの相談／市社協事業を通じた市民の相談）",
                  en = "Sakata: who may refer to multi-agency collaboration" },

  config = {
    source_field = { type = "string", default = "consultation_source",
                     description = { ja = "相談経路を持つ項目", en = "field holding the consultation source" } },
    agency_sources = { type = "list", items = { type = "string" }, default = { "support_agency", "other_field" },
                       description = { ja = "そのまま受け付ける経路（支援関係機関）", en = "sources always accepted" } },
    shakyo_sources = { type = "list", items = { type = "string" },
                       default = { "minsei_iin", "chiku_shakyo", "shakyo_program" },
                       description = { ja = "判断により受け付ける経路（従来の市社協事業）",
                                       en = "sources accepted only when flagged" } },
    flag_field = { type = "string", default = "shakyo_channel_accepted",
                   description = { ja = "市社協事業を通じた相談を受け付ける判断（true/false）",
                                   en = "boolean: staff decided to take a citizen's consultation" } },
  },

  guards = {
    -- sakata-intake.source_allowed: the consultation may enter 多機関協働.
    source_allowed = function(case, ctx)
      if next(ctx.args) ~= nil then fail("takes no arguments") end
      local c = ctx.config
      local source = case.data[c.source_field]
      if source == nil or source == "" then
        return false, "相談経路が記録されていないため多機関協働につなげません"
      end
      if type(source) ~= "string" then fail("field '" .. c.source_field .. "' must be a string") end
      if contains(c.agency_sources, source) then return true end
      if contains(c.shakyo_sources, source) then
        if case.data[c.flag_field] == true then return true end
        return false, "民生・児童委員や学区・地区社協など従来の市社協事業を通じた市民からの相談は、" ..
                      "受け付けると判断した場合に限り多機関協働につなげます（受付の判断が記録されていません）"
      end
      return false, "酒田市の多機関協働事業は市役所を含む支援関係機関からの相談を受け付けます。" ..
                    "市民からの直接の相談は担当窓口につないでください"
    end,
  },
}
