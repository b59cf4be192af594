// The build passed (invoker checks that); make sure the contract's checks really ran and none failed or was skipped.
def report = new File(basedir, 'target/surefire-reports/example.BundleTest.txt')
assert report.exists() : 'no test report: the contract did not run'
assert report.text.contains('Tests run: 10, Failures: 0, Errors: 0, Skipped: 0') : report.text
return true
