# 10,000,000 iterations of a numeric loop.
def main():
    s = 0
    for i in range(10000000):
        s = s + i
    print(s)


main()
