-- Build a 1,000,000-element list by appending, then sum it with a loop.
local xs = {}
for i = 0, 1000000 - 1 do xs[#xs + 1] = i end
local s = 0
for _, x in ipairs(xs) do s = s + x end
print(s .. " " .. #xs)
