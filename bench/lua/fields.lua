-- 1,000,000 record field reads in a loop.
local p = {x = 1, y = 2}
local s = 0
for i = 0, 1000000 - 1 do s = s + p.x end
print(s)
