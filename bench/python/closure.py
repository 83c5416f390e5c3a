# 1,000,000 calls of a closure that updates a captured counter.
def counter():
    n = 0

    def tick():
        nonlocal n
        n += 1
        return n
    return tick


def main():
    tick = counter()
    last = 0
    for i in range(1000000):
        last = tick()
    print(last)


main()
