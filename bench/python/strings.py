# 100,000 appends to one string, then 100,000 small interpolated strings.
def main():
    s = ""
    for i in range(100000):
        s = s + "x"
    n = 0
    for i in range(100000):
        n = n + len(f"k{i}")
    print(len(s), n)


main()
