# Build a 1,000,000-element list with append, then sum it with a loop.
def main():
    xs = []
    for i in range(1000000):
        xs.append(i)
    s = 0
    for x in xs:
        s = s + x
    print(s, len(xs))


main()
