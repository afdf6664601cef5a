package sitebuild

// SetHugoBinary makes HugoBinary answer path without asking the go command: the fault tests'
// build processes (this test binary, started again) get the path their parent found once.
func SetHugoBinary(path string) {
	hugoOnce.Do(func() { hugoPath = path })
}
