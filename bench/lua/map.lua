-- 1,000,000 insertions then 1,000,000 lookups with string keys (100,000 distinct keys).
local m = {}
local count = 0
for i = 0, 1000000 - 1 do
  local k = "k" .. (i % 100000)
  if m[k] == nil then count = count + 1 end
  m[k] = i
end
local s = 0
for i = 0, 1000000 - 1 do s = s + m["k" .. (i % 100000)] end
print(s .. " " .. count)
