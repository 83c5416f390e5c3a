import Numeric

/// One binary tree as TreeSHAP reads it, in its own node numbering (root 0). A row goes left
/// at node `i` when its value is NaN and `missingLeft[i]`, or when it is ≤ `threshold[i]`:
/// the rule both `CARTNodes` (NaN right) and `BoostTrees` predict by. A leaf has
/// `feature[i] == −1` and `value[i]`.
struct ExplainedTree: Sendable {
    var feature: [Int32] = []
    var threshold: [Double] = []
    var missingLeft: [Bool] = []
    var left: [Int32] = []
    var right: [Int32] = []
    /// Training weight (or row count) through each node.
    var cover: [Double] = []
    var value: [Double] = []
    /// The longest root-to-leaf path, in splits.
    var depth = 0

    /// Copies the tree reachable from `root` of a flat node store. `leaf(i)` gives node i's
    /// value when it is a leaf. Nodes are renumbered depth first, parents before children.
    init(root: Int, feature: [Int32], threshold: [Double], missingLeft: ((Int) -> Bool)?, left: [Int32], right: [Int32],
         cover: [Double], leaf: (Int) -> Double) {
        var stack = [(source: Int, parent: Int, isLeft: Bool, depth: Int)]()
        stack.append((root, -1, false, 0))
        while let (source, parent, isLeft, depth) = stack.popLast() {
            let id = self.feature.count
            if parent >= 0 {
                if isLeft { self.left[parent] = Int32(id) } else { self.right[parent] = Int32(id) }
            }
            let f = feature[source]
            self.feature.append(f < 0 ? -1 : f)
            self.threshold.append(threshold[source])
            self.missingLeft.append(f >= 0 ? (missingLeft?(source) ?? false) : false)
            self.cover.append(cover[source])
            self.left.append(-1)
            self.right.append(-1)
            self.depth = Swift.max(self.depth, depth)
            if f < 0 {
                self.value.append(leaf(source))
            } else {
                self.value.append(0)
                stack.append((Int(right[source]), id, false, depth + 1))
                stack.append((Int(left[source]), id, true, depth + 1))
            }
        }
    }

    /// The tree's expected output over its training data: the leaves' values weighted by the
    /// cover fractions along their paths (shap's `expected_value` for one tree).
    var expectedValue: Double {
        var weights = [Double](repeating: 0, count: feature.count)
        weights[0] = 1
        var total = 0.0
        for i in 0..<feature.count {
            if feature[i] < 0 {
                total += weights[i] * value[i]
            } else {
                let l = Int(left[i]), r = Int(right[i])
                weights[l] = weights[i] * cover[l] / cover[i]
                weights[r] = weights[i] * cover[r] / cover[i]
            }
        }
        return total
    }

    /// The tree's output for one row (`p` values).
    func predict(_ x: UnsafePointer<Double>) -> Double {
        var node = 0
        while feature[node] >= 0 { node = Int(goesLeft(node, x) ? left[node] : right[node]) }
        return value[node]
    }

    @inline(__always)
    func goesLeft(_ node: Int, _ x: UnsafePointer<Double>) -> Bool {
        let v = x[Int(feature[node])]
        return v.isNaN ? missingLeft[node] : v <= threshold[node]
    }
}

/// Exact Shapley values of tree models, by the polynomial-time TreeSHAP of Lundberg, Erion
/// and Lee ("Consistent Individualized Feature Attribution for Tree Ensembles", 2018,
/// Algorithm 2), in its tree-path-dependent form: a feature left out of a coalition follows
/// both children of a split in proportion to their training cover, as shap's `TreeExplainer`
/// does by default for trees (`feature_perturbation="tree_path_dependent"`). For each row the
/// values plus the tree's expected value equal the tree's output.
/// - Complexity: O(leaves × depth²) per row and tree.
enum TreeSHAP {
    private struct PathElement {
        var feature: Int
        var zeroFraction: Double
        var oneFraction: Double
        var weight: Double
    }

    /// Adds one row's contributions of `tree` times `scale` into `phi` (`p` values).
    static func add(_ tree: ExplainedTree, row x: UnsafePointer<Double>, scale: Double, into phi: UnsafeMutablePointer<Double>) {
        let d = tree.depth + 2
        let path = UnsafeMutablePointer<PathElement>.allocate(capacity: d * (d + 1) / 2 + d)
        defer { path.deallocate() }
        recurse(tree, x, phi, scale, node: 0, path: path, depth: 0, zero: 1, one: 1, feature: -1)
    }

    /// shap's `tree_shap_recursive`: `path` holds the parent's `depth` elements, which this
    /// call copies past them before extending, so siblings see their parent's path intact.
    private static func recurse(_ tree: ExplainedTree, _ x: UnsafePointer<Double>, _ phi: UnsafeMutablePointer<Double>,
                                _ scale: Double, node: Int, path parentPath: UnsafeMutablePointer<PathElement>,
                                depth parentDepth: Int, zero: Double, one: Double, feature: Int) {
        var depth = parentDepth
        let path = parentPath + depth
        if depth > 0 { path.update(from: parentPath, count: depth) }
        extend(path, depth, zero, one, feature)
        let split = Int(tree.feature[node])
        if split < 0 {
            let value = tree.value[node] * scale
            if depth >= 1 {
                for i in 1...depth {
                    let w = unwoundSum(path, depth, i)
                    let element = path[i]
                    phi[element.feature] += w * (element.oneFraction - element.zeroFraction) * value
                }
            }
            return
        }
        let hot = Int(tree.goesLeft(node, x) ? tree.left[node] : tree.right[node])
        let cold = Int(hot == Int(tree.left[node]) ? tree.right[node] : tree.left[node])
        let cover = tree.cover[node]
        let hotZero = tree.cover[hot] / cover, coldZero = tree.cover[cold] / cover
        var incomingZero = 1.0, incomingOne = 1.0
        // A feature split on again higher up is unwound, then re-entered with both fractions.
        var index = 0
        while index <= depth && path[index].feature != split { index += 1 }
        if index <= depth {
            incomingZero = path[index].zeroFraction
            incomingOne = path[index].oneFraction
            unwind(path, depth, index)
            depth -= 1
        }
        recurse(tree, x, phi, scale, node: hot, path: path, depth: depth + 1, zero: hotZero * incomingZero, one: incomingOne,
                feature: split)
        recurse(tree, x, phi, scale, node: cold, path: path, depth: depth + 1, zero: coldZero * incomingZero, one: 0,
                feature: split)
    }

    private static func extend(_ path: UnsafeMutablePointer<PathElement>, _ depth: Int, _ zero: Double, _ one: Double, _ feature: Int) {
        path[depth] = PathElement(feature: feature, zeroFraction: zero, oneFraction: one, weight: depth == 0 ? 1 : 0)
        let d = Double(depth)
        var i = depth - 1
        while i >= 0 {
            path[i + 1].weight += one * path[i].weight * Double(i + 1) / (d + 1)
            path[i].weight = zero * path[i].weight * (d - Double(i)) / (d + 1)
            i -= 1
        }
    }

    private static func unwind(_ path: UnsafeMutablePointer<PathElement>, _ depth: Int, _ index: Int) {
        let one = path[index].oneFraction, zero = path[index].zeroFraction
        let d = Double(depth)
        var next = path[depth].weight
        var i = depth - 1
        while i >= 0 {
            if one != 0 {
                let saved = path[i].weight
                path[i].weight = next * (d + 1) / (Double(i + 1) * one)
                next = saved - path[i].weight * zero * (d - Double(i)) / (d + 1)
            } else {
                path[i].weight = path[i].weight * (d + 1) / (zero * (d - Double(i)))
            }
            i -= 1
        }
        for j in index..<depth {
            path[j].feature = path[j + 1].feature
            path[j].zeroFraction = path[j + 1].zeroFraction
            path[j].oneFraction = path[j + 1].oneFraction
        }
    }

    /// The total permutation weight the path would have with element `index` unwound.
    private static func unwoundSum(_ path: UnsafeMutablePointer<PathElement>, _ depth: Int, _ index: Int) -> Double {
        let one = path[index].oneFraction, zero = path[index].zeroFraction
        let d = Double(depth)
        var next = path[depth].weight, total = 0.0
        var i = depth - 1
        while i >= 0 {
            if one != 0 {
                let part = next * (d + 1) / (Double(i + 1) * one)
                total += part
                next = path[i].weight - part * zero * (d - Double(i)) / (d + 1)
            } else if zero != 0 {
                total += path[i].weight / zero / ((d - Double(i)) / (d + 1))
            }
            i -= 1
        }
        return total
    }

    /// Contributions of a weighted sum of trees: for row i, `scale ×` the sum over `trees[t]`
    /// for t in `selected(i)` (tree order), into `phi` (`rows × p`). Rows are split into fixed
    /// blocks run concurrently; each row is written by one block, so the result does not
    /// depend on the thread count.
    static func contributions(_ trees: [ExplainedTree], _ x: Tensor, scale: Double, selected: @escaping @Sendable (Int) -> [Int],
                              into phi: inout [Double]) {
        let n = x.rows, p = x.columns
        guard n > 0, p > 0 else { return }
        let blockSize = 64
        let blocks = (n + blockSize - 1) / blockSize
        x.storage.withUnsafeBufferPointer { xb in
            phi.withUnsafeMutableBufferPointer { ob in
                let xs = xb.baseAddress!, out = ob.baseAddress!
                Parallelism.forEach(blocks) { block in
                    let lo = block * blockSize, hi = Swift.min(n, lo + blockSize)
                    for i in lo..<hi {
                        for t in selected(i) { add(trees[t], row: xs + i * p, scale: scale, into: out + i * p) }
                    }
                }
            }
        }
    }
}
