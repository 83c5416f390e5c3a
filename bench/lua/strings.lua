-- 100,000 appends to one string, then 100,000 small interpolated strings.
local s = ""
for i = 0, 100000 - 1 do s = s .. "x" end
local n = 0
for i = 0, 100000 - 1 do n = n + #("k" .. i) end
print(#s .. " " .. n)
