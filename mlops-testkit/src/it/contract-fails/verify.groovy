// The broken bundles must fail their contract checks with messages that say what and where.
def text = new File(basedir, 'target/surefire-reports/TEST-example.BrokenBundlesTest.xml').text
assert text.contains('row 3') && text.contains("output 'y'") : 'the adequacy failure should name the case and output'
assert text.contains('above the envelope maximum 0.5') : 'the envelope failure should name the input and limit'
assert text.contains("output 'y': declared dtype float64, graph has float32") : 'the signature failure should name the tensor'
return true
