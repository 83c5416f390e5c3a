# 1,000,000 insertions then 1,000,000 lookups with string keys (100,000 distinct keys).
def main():
    m = {}
    for i in range(1000000):
        m[f"k{i % 100000}"] = i
    s = 0
    for i in range(1000000):
        s = s + m[f"k{i % 100000}"]
    print(s, len(m))


main()
