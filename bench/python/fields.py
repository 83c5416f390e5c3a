# 1,000,000 attribute reads in a loop.
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


def main():
    p = Point(1, 2)
    s = 0
    for i in range(1000000):
        s = s + p.x
    print(s)


main()
