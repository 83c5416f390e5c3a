-- 1,000,000 calls of a closure that updates a captured counter.
local function counter()
  local n = 0
  return function()
    n = n + 1
    return n
  end
end
local tick = counter()
local last = 0
for i = 0, 1000000 - 1 do last = tick() end
print(last)
